package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * The built-in inventiv-agents gate on a small repository laid out like the team's: a cargo
 * crate at the root and a Node app in frontend/, run with the real cargo (fmt, clippy, test)
 * and npm (ci, run lint, run build), offline.
 */
class BuiltinGateIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    @Test
    void builtinGateRunsTheTeamsChecksWithRealCargoAndNpm() throws Exception {
        write("Cargo.toml", "[package]\nname = \"agent\"\nversion = \"0.4.2\"\nedition = \"2021\"\n\n[dependencies]\n");
        write("src/lib.rs", """
                pub fn add(a: u32, b: u32) -> u32 {
                    a + b
                }

                #[cfg(test)]
                mod tests {
                    #[test]
                    fn adds() {
                        assert_eq!(super::add(2, 2), 4);
                    }
                }
                """);
        write("frontend/package.json", """
                {"name": "web", "version": "0.4.2", "private": true,
                 "scripts": {"lint": "node -e \\"console.log('lint ok')\\"", "build": "node -e \\"console.log('build ok')\\""}}
                """);
        write("frontend/package-lock.json", """
                {"name": "web", "version": "0.4.2", "lockfileVersion": 3, "requires": true,
                 "packages": {"": {"name": "web", "version": "0.4.2"}}}
                """);
        write(".inventiv/versions.yaml", """
                sources:
                  - {path: Cargo.toml, toml: package.version}
                  - {path: frontend/package.json, json: version}
                """);
        write(".gitignore", "target/\n");
        GitRepo git = GitRepo.init(repo);
        git.commit("app");

        Map<String, String> env = new LinkedHashMap<>();
        // rustup installs cargo under ~/.cargo/bin, which a non-login shell may not have on PATH.
        env.put("PATH", System.getenv("PATH") + File.pathSeparator + Path.of(System.getProperty("user.home"), ".cargo", "bin"));
        env.put("CARGO_NET_OFFLINE", "true");
        env.put("npm_config_offline", "true");
        env.put("npm_config_audit", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_update_notifier", "false");
        Result r = EngineProcess.run(env, null, repo, "gate", "--builtin", "inventiv-agents", "--json", "--junit", "gate.xml");

        JsonNode checks = JSON.readTree(r.stdout()).get("checks");
        Map<String, String> status = new LinkedHashMap<>();
        checks.forEach(c -> status.put(c.get("name").asText(), c.get("status").asText()));
        assertThat(status).as(r.stderr()).containsOnlyKeys("cargo-fmt", "cargo-clippy", "cargo-test", "security-check",
                "agent-version-check", "frontend-lockfile", "npm-ci", "npm-lint", "npm-build");
        for (String name : new String[] {"cargo-fmt", "cargo-clippy", "cargo-test", "security-check", "agent-version-check",
                "frontend-lockfile", "npm-ci", "npm-lint", "npm-build"}) {
            assertThat(status.get(name)).as(name + "\n" + r.stderr()).isEqualTo("passed");
        }
        assertThat(r.stderr()).containsPattern("\\[cargo-test\\] +test tests::adds \\.\\.\\. ok")
                .containsPattern("\\[agent-version-check\\] +versions agree: 0\\.4\\.2")
                .containsPattern("\\[frontend-lockfile\\] +lightningcss: not in frontend/package-lock.json, nothing to check")
                .containsPattern("\\[npm-lint\\] +lint ok").containsPattern("\\[npm-build\\] +build ok");
        // The key scanner runs as the engine's own scan-keys command, in a child JVM, and finds nothing here.
        assertThat(r.stderr()).containsPattern("\\[security-check\\] +--- start: \\S*java .*io\\.inventiv\\.pipeline\\.cli\\.Main scan-keys");
        assertThat(Files.readString(repo.resolve("gate.xml"))).contains("name=\"cargo-clippy\"");
    }

    private void write(String path, String text) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
