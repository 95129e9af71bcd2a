package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * A full disk where the host keeps the releases a rollback redeploys: a real 64 KiB tmpfs
 * mounted over REMOTE_DIR/.inventiv/releases and filled up. The deploy whose files cannot be
 * saved is recorded "failed" (no half-saved release for a rollback to find), never "ok"; once
 * there is room again, deploys and a rollback from the saved files work.
 */
class RemoteDiskFullIT {

    @Test
    void aReleaseWhoseFilesCannotBeSavedForRollbackIsFailedNotOk() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Setup s = host.setup("diskfull", "");
        Path releases = Files.createDirectories(s.project().resolve(".inventiv/releases"));
        Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=64k,mode=700", "tmpfs", releases.toString()));
        try {
            Result first = deploy(host, s, "d1", api1, worker);
            assertThat(first.exitCode()).as(first.all()).isZero();
            String firstId = new ObjectMapper().readTree(first.stdout()).get("releaseId").asText();

            // Fill what is left of the file system (dd stops at ENOSPC).
            Path filler = releases.resolve("filler");
            new ProcessBuilder("dd", "if=/dev/zero", "of=" + filler, "bs=4k").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            assertThat(Files.size(filler)).isPositive();

            Result full = deploy(host, s, "d2", api2, worker);
            assertThat(full.exitCode()).as(full.all()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(full.stdout());
            assertThat(json.get("result").asText()).isEqualTo("failed");
            assertThat(json.at("/hosts/0/errors").toString()).contains("cannot save the release's env and compose files");
            String fullId = json.get("releaseId").asText();
            assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                    .extracting(AuditEntry::result).containsExactly("ok", "failed");
            // No half-saved release, no temporary copies; the saved one is whole.
            assertThat(releases.resolve(fullId)).doesNotExist();
            assertThat(names(releases)).containsExactlyInAnyOrder(firstId, "filler");
            assertThat(names(releases.resolve(firstId))).containsExactlyInAnyOrder("env", "compose");
            // The new release runs (it was healthy); only its rollback copy is missing.
            assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
            // What runs is d2, though not "ok": a rollback now would go to d1, the release before it.
            Result plan = host.remote("rollback", s.target(), "--plan");
            assertThat(plan.exitCode()).as(plan.all()).isZero();
            assertThat(new ObjectMapper().readTree(plan.stdout()).at("/hosts/0/releaseId").asText()).isEqualTo(firstId);
            assertThat(new ObjectMapper().readTree(plan.stdout()).at("/hosts/0/runningRelease").asText()).isEqualTo(fullId);

            // Room again: the same release is saved and ok, and a rollback redeploys d1's saved files.
            Files.delete(filler);
            Result again = deploy(host, s, "d3", api2, worker);
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(names(releases.resolve(fullId))).containsExactlyInAnyOrder("env", "compose");
            Result back = host.remote("rollback", s.target(), "--build", "back");
            assertThat(back.exitCode()).as(back.all()).isZero();
            assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        } finally {
            Processes.run(List.of("umount", "-l", releases.toString()));
        }
    }

    private static Result deploy(RemoteFixture host, Setup s, String build, String api, String worker) {
        return host.engine(Map.of(), host.deployArgv(s.target(), s.env(), build, api, worker).toArray(String[]::new));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> l = Files.list(dir)) {
            return l.map(p -> p.getFileName().toString()).toList();
        }
    }
}
