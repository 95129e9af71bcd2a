package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/** check-lockfile through the packaged jar: ready, not ready, missing. */
class CheckLockfileIT {
    @TempDir
    Path repo;

    @Test
    void exitCodesFollowTheContract() throws Exception {
        Files.createDirectories(repo.resolve("frontend"));
        Path lock = repo.resolve("frontend/package-lock.json");
        Files.writeString(lock, LockfileCheckTest.fixture());

        Result ok = EngineProcess.run(null, null, repo, "check-lockfile", "--lockfile", "frontend/package-lock.json");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("lightningcss 1.29.2: lightningcss-linux-arm64-gnu 1.29.2 present");

        Files.writeString(lock, LockfileCheckTest.withoutPackage(LockfileCheckTest.fixture(), "lightningcss-linux-arm64-gnu"));
        Result bad = EngineProcess.run(null, null, repo, "check-lockfile", "--lockfile", "frontend/package-lock.json",
                "--platform", "linux/arm64", "--json");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stdout()).contains("\"status\":\"missing\"").contains("\"ok\":false");
        // --json: the JSON object alone on stdout; the fix for the build log on stderr (docs/cli.md).
        assertThat(bad.stdout().strip().lines()).hasSize(1);
        assertThat(bad.stderr()).contains("npm install --save-optional lightningcss-linux-arm64-gnu@1.29.2");

        Result missing = EngineProcess.run(null, null, repo, "check-lockfile", "--lockfile", "web/package-lock.json");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("check-lockfile: --lockfile: web/package-lock.json does not exist");
    }
}
