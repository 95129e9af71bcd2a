package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * The JSON fields of each command's SUCCESSFUL run, through the packaged jar against real
 * fixtures, pinned to the table in docs/cli.md (parsed by {@link CliJsonTable}), because the
 * Jenkins steps parse them: a field added, renamed or dropped fails here until the docs say so.
 */
class JsonFieldsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCKFILE = "engine/src/test/resources/io/inventiv/pipeline/gate/package-lock.json";

    @TempDir
    static Path tmp;
    private static RegistryServer registry;
    private static Map<String, CliJsonTable.Shape> documented;

    @BeforeAll
    static void start() throws Exception {
        documented = CliJsonTable.read(Path.of("docs/cli.md"));
        registry = RegistryServer.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** Runs the command with --json, asserts exit 0 and one JSON object on stdout. */
    private static JsonNode succeed(Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--json");
        Result r = EngineProcess.run(env, null, dir, argv.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout().strip().lines()).as(r.stdout()).hasSize(1);
        return JSON.readTree(r.stdout());
    }

    private static void assertDocumented(String command, boolean plan, JsonNode json) {
        CliJsonTable.assertDocumented(documented, plan ? command + " --plan" : command, json);
    }

    private static String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        return Processes.run(argv).strip();
    }

    private static Path gitRepo(String name, Map<String, String> files) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        git(dir, "init", "-q", "-b", "main");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "fixture");
        return dir;
    }

    /** The parser reads what the table says: every command, and the per-item lists. */
    @Test
    void theTableDocumentsEveryCommand() {
        assertThat(documented.keySet()).containsExactlyInAnyOrder("gate", "scan-keys", "check-versions",
                "check-migrations", "check-lockfile", "build", "push", "digest", "digest --labels", "promote", "promote --plan",
                "validate-env", "render-env", "deploy", "deploy --plan", "rollback", "rollback --plan", "status",
                "logs", "bootstrap");
        assertThat(documented.get("gate").fields()).containsExactlyInAnyOrder("checks", "passed", "junit");
        assertThat(documented.get("gate").nested().get("checks"))
                .containsExactlyInAnyOrder("name", "status", "durationMs", "exitCode", "reason", "image");
        assertThat(documented.get("scan-keys").nested()).isEmpty();
        assertThat(documented.get("deploy --plan").nested().get("hosts")).hasSize(12).contains("warnings");
        assertThat(documented.get("deploy").nested()).isEmpty();
    }

    @Test
    void gate() throws Exception {
        Path junit = tmp.resolve("gate-junit.xml");
        JsonNode json = succeed(null, null, "gate", "--check", "passes=true", "--junit", junit.toString());
        assertDocumented("gate", false, json);
    }

    @Test
    void scanKeys() throws Exception {
        Path repo = gitRepo("scan", Map.of("README.md", "nothing secret here\n"));
        assertDocumented("scan-keys", false, succeed(null, null, "scan-keys", "--source-dir", repo.toString()));
    }

    @Test
    void checkVersions() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("versions"));
        Files.writeString(dir.resolve("a.json"), "{\"version\": \"1.2.3\"}");
        Files.writeString(dir.resolve("b.json"), "{\"version\": \"1.2.3\"}");
        assertDocumented("check-versions", false, succeed(null, null, "check-versions", "--source-dir", dir.toString(),
                "--json-key", "a.json=version", "--json-key", "b.json=version"));
    }

    @Test
    void checkMigrations() throws Exception {
        Path repo = gitRepo("migrations", Map.of("sqlx-migrations/20240101000000_init.sql", "create table a(id int);\n"));
        String deployed = git(repo, "rev-parse", "HEAD");
        assertDocumented("check-migrations", false,
                succeed(null, null, "check-migrations", "--source-dir", repo.toString(), "--since", deployed));
    }

    @Test
    void checkLockfile() throws Exception {
        assertDocumented("check-lockfile", false,
                succeed(null, null, "check-lockfile", "--lockfile", Path.of(LOCKFILE).toAbsolutePath().toString()));
    }

    @Test
    void digestAndPromoteAndItsPlan() throws Exception {
        Path image = OciImages.single(tmp.resolve("image"), 1, "linux/arm64");
        String ref = registry.host() + "/fields/api:v1";
        OciImages.push(image, ref);

        assertDocumented("digest", false, succeed(null, null, "digest", ref));
        CliJsonTable.assertDocumented(documented, "digest --labels", succeed(null, null, "digest", "--labels", ref));
        assertDocumented("promote", true, succeed(null, null, "promote", "--plan", "--source", ref, "--tag", "prod"));
        assertDocumented("promote", false, succeed(null, null, "promote", "--source", ref, "--tag", "prod"));
    }

    /** The built-in staging profile's variables, all set; the key is a real file. */
    private static Map<String, String> stagingEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STG_REMOTE_HOST", "staging.example.com");
        env.put("STG_SECRETS_DIR", "/srv/inventiv/secrets");
        env.put("STG_ROOT_DOMAIN", "example.com");
        env.put("STG_FRONTEND_DOMAIN", "app.example.com");
        env.put("STG_API_DOMAIN", "api.example.com");
        env.put("STG_ACME_EMAIL", "ops@example.com");
        env.put("STG_POSTGRES_PASSWORD", "pg-fields-value-17");
        env.put("STG_WORKER_AUTH_TOKEN", "wk-fields-value-23");
        env.put("GITHUB_OWNER", "Inventiv-Org");
        env.put("SSH_AUTH_SOCK", "");
        return env;
    }

    @Test
    void validateEnv() throws Exception {
        Path key = tmp.resolve("deploy_key");
        Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "fields", "-f", key.toString()));
        assertDocumented("validate-env", false, succeed(stagingEnv(), null, "validate-env", "--profile", "staging",
                "--identity-file", key.toString()));
    }

    @Test
    void renderEnv() throws Exception {
        List<String> args = new ArrayList<>(List.of("render-env", "--profile", "staging", "--output",
                tmp.resolve("staging.env").toString()));
        for (String service : List.of("api", "orchestrator", "frontend", "worker")) {
            args.addAll(List.of("--digest", service + "=sha256:" + "ab".repeat(32)));
        }
        assertDocumented("render-env", false, succeed(stagingEnv(), null, args.toArray(String[]::new)));
    }
}
