package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/** check-versions through the packaged jar, alone and as an engine check inside a gate. */
class CheckVersionsIT {
    @TempDir
    Path repo;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(repo.resolve("agent"));
        Files.createDirectories(repo.resolve("frontend"));
        Files.writeString(repo.resolve("agent/Cargo.toml"), "[package]\nname = \"agent\"\nversion = \"0.4.2\"\n");
        Files.writeString(repo.resolve("frontend/package.json"), "{\"version\": \"0.4.2\"}\n");
    }

    private Result run(String... args) {
        return EngineProcess.run(null, null, repo, args);
    }

    @Test
    void agreeDisagreeAndMissingFollowTheExitCodes() throws Exception {
        Result ok = run("check-versions", "--toml", "agent/Cargo.toml=package.version", "--json-key", "frontend/package.json=version");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("agent/Cargo.toml (toml package.version)  0.4.2")
                .contains("versions agree: 0.4.2");

        Files.writeString(repo.resolve("frontend/package.json"), "{\"version\": \"0.5.0\"}\n");
        Result bad = run("check-versions", "--json", "--toml", "agent/Cargo.toml=package.version",
                "--json-key", "frontend/package.json=version");
        assertThat(bad.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(bad.stdout());
        assertThat(json.get("agree").asBoolean()).isFalse();
        assertThat(json.get("versions").findValuesAsText("version")).containsExactly("0.4.2", "0.5.0");

        Result missing = run("check-versions", "--toml", "agent/Cargo.toml=package.version", "--json-key", "web/package.json=version");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().strip().lines()).hasSize(1);
        assertThat(missing.stderr()).startsWith("check-versions: --json-key web/package.json: ");
    }

    @Test
    void aVersionConstantInSourceIsFoundByRegexAndAMissingKeyIsExitTwoNamingIt() throws Exception {
        Files.createDirectories(repo.resolve("agent/src"));
        Files.writeString(repo.resolve("agent/src/version.rs"), "pub const AGENT_VERSION: &str = \"0.4.1\";\n");
        Result r = run("check-versions", "--json", "--toml", "agent/Cargo.toml=package.version",
                "--regex", "agent/src/version.rs=AGENT_VERSION: &str = \"(?<version>[^\"]+)\"");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.get("versions").findValuesAsText("version")).containsExactly("0.4.2", "0.4.1");
        assertThat(json.get("versions").findValuesAsText("kind")).containsExactly("toml", "regex");
        assertThat(r.stderr()).contains("agent/src/version.rs").contains("0.4.1");

        Result missingKey = run("check-versions", "--json", "--toml", "agent/Cargo.toml=package.versoin",
                "--json-key", "frontend/package.json=version");
        assertThat(missingKey.exitCode()).isEqualTo(2);
        assertThat(missingKey.stderr().strip().lines()).hasSize(1);
        assertThat(missingKey.stderr()).startsWith("check-versions: --toml agent/Cargo.toml").contains("package.versoin");
        assertThat(missingKey.stdout()).contains("\"exitCode\":2");
    }

    @Test
    void runsAsAnEngineCheckOfAGate() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: versions
                    engine: [check-versions, --toml, agent/Cargo.toml=package.version, --json-key, frontend/package.json=version]
                """);
        Result r = run("gate", "--json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("[versions] versions agree: 0.4.2");
    }
}
