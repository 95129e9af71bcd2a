package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
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

/** validate-env on the packaged jar, with a real ssh-agent and real key files. */
class ValidateEnvIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path key;
    static SshAgentFixture agentWithKey;
    static SshAgentFixture emptyAgent;

    @BeforeAll
    static void start() {
        key = SshAgentFixture.newKey(dir, "deploy_key");
        agentWithKey = SshAgentFixture.start();
        agentWithKey.add(key);
        emptyAgent = SshAgentFixture.start();
    }

    @AfterAll
    static void stop() {
        agentWithKey.close();
        emptyAgent.close();
    }

    /** The test JVM's own SSH_AUTH_SOCK and GITHUB_OWNER (if any) must not leak into the engine. */
    private static Map<String, String> env(Map<String, String> vars, String sock) {
        Map<String, String> env = new HashMap<>(vars);
        env.putIfAbsent("GITHUB_OWNER", "");
        env.put("SSH_AUTH_SOCK", sock == null ? "" : sock);
        return env;
    }

    @Test
    void listsEveryMissingVariableAtOnceAndExits2() throws Exception {
        Result r = EngineProcess.run(env(Map.of(), null), null, "validate-env", "--profile", "staging", "--json");
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("error").asText()).as("the verdict a step shows, not the report's last note")
                .startsWith("profile staging is not ready: missing STG_REMOTE_HOST, STG_SECRETS_DIR")
                .endsWith("; set them and run validate-env again");
        assertThat(json.get("missing")).extracting(JsonNode::asText).containsExactly("STG_REMOTE_HOST",
                "STG_SECRETS_DIR", "STG_ROOT_DOMAIN", "STG_FRONTEND_DOMAIN", "STG_API_DOMAIN", "STG_ACME_EMAIL",
                "STG_POSTGRES_PASSWORD", "STG_WORKER_AUTH_TOKEN", "STG_SSH_PRIVATE_KEY", "GITHUB_OWNER");
        assertThat(json.get("defaults").get("STG_REMOTE_PORT").asText()).isEqualTo("22");
        assertThat(json.get("sshKey").isNull()).isTrue();
        assertThat(json.get("variables")).hasSize(17);
        assertThat(json.get("variables").get(6).toString())
                .isEqualTo("{\"name\":\"STG_POSTGRES_PASSWORD\",\"kind\":\"secret\",\"required\":true}");
        assertThat(r.stderr()).contains("missing  STG_REMOTE_HOST").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aKeyInTheAgentIsUsable() throws Exception {
        Result r = EngineProcess.run(env(StagingEnv.complete(), agentWithKey.socket()), null,
                "validate-env", "--profile", "staging", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("sshKey").asText()).isEqualTo("agent");
        assertThat(json.get("defaults").get("IMAGE_REPO").asText()).isEqualTo("ghcr.io/inventiv-org/inventiv-agents");
    }

    @Test
    void anAgentWithoutIdentitiesIsReportedByTheKeyVariable() throws Exception {
        Result r = EngineProcess.run(env(StagingEnv.complete(), emptyAgent.socket()), null,
                "validate-env", "--profile", "staging", "--json");
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode invalid = JSON.readTree(r.stdout()).get("invalid");
        assertThat(invalid).hasSize(1);
        assertThat(invalid.get(0).get("name").asText()).isEqualTo("STG_SSH_PRIVATE_KEY");
        assertThat(invalid.get(0).get("problem").asText()).contains("holds no identity");
    }

    @Test
    void anAgentSocketNobodyListensOnIsReported() throws Exception {
        Result r = EngineProcess.run(env(StagingEnv.complete(), dir.resolve("no-agent.sock").toString()), null,
                "validate-env", "--profile", "staging", "--json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(JSON.readTree(r.stdout()).get("invalid").get(0).get("problem").asText())
                .contains("cannot talk to the ssh agent");
    }

    @Test
    void anIdentityFileIsUsableWithoutAnAgent() throws Exception {
        Result r = EngineProcess.run(env(StagingEnv.complete(), null), null,
                "validate-env", "--profile", "staging", "--identity-file", key.toString(), "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(JSON.readTree(r.stdout()).get("sshKey").asText()).isEqualTo("file");
    }

    @Test
    void ownerFlagSetsTheOwnerAndIsLowerCasedInTheImageRepository() throws Exception {
        Map<String, String> vars = StagingEnv.complete();
        vars.put("GITHUB_OWNER", "");
        Result r = EngineProcess.run(env(vars, agentWithKey.socket()), null,
                "validate-env", "--profile", "staging", "--owner", "InvEntiv", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode defaults = JSON.readTree(r.stdout()).get("defaults");
        assertThat(defaults.get("IMAGE_REPO").asText()).isEqualTo("ghcr.io/inventiv/inventiv-agents");
        assertThat(defaults.get("GHCR_USERNAME").asText()).isEqualTo("InvEntiv");
    }

    @Test
    void productionReadsTheProdVariables() throws Exception {
        Map<String, String> vars = new HashMap<>();
        StagingEnv.complete().forEach((k, v) -> vars.put(k.replace("STG_", "PROD_"), v));
        Result r = EngineProcess.run(env(vars, agentWithKey.socket()), null, "validate-env", "--profile", "production");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("profile production (built-in profile production): ok");
    }

    @Test
    void noSecretValueReachesAnyOutput() throws Exception {
        Path marker = dir.resolve("pwned");
        String pw = "Pg-" + System.nanoTime() + "-$(touch " + marker + ")";
        String token = "Wk-" + System.nanoTime() + "-`id`;'x'";
        String keyText = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAC3NzaC1lZDI1NTE5-" + System.nanoTime() + "\n-----END OPENSSH PRIVATE KEY-----";
        Map<String, String> vars = StagingEnv.complete();
        vars.put("STG_POSTGRES_PASSWORD", pw);
        vars.put("STG_WORKER_AUTH_TOKEN", token);
        vars.put("STG_SSH_PRIVATE_KEY", keyText);
        vars.put("STG_REMOTE_PORT", "99999");
        vars.put("INVENTIV_DEBUG", "1");
        Path out = dir.resolve("secret-check.env");
        List<Result> runs = List.of(
                EngineProcess.run(env(vars, agentWithKey.socket()), null, "validate-env", "--profile", "staging"),
                EngineProcess.run(env(vars, agentWithKey.socket()), null, "validate-env", "--profile", "staging", "--json"),
                EngineProcess.run(env(vars, null), null, "render-env", "--profile", "staging", "--json",
                        "--output", out.toString(), "--digest", "api=" + StagingEnv.digest('a')));
        assertThat(runs).extracting(Result::exitCode).containsOnly(2);
        for (Result r : runs) {
            assertThat(r.all()).contains("STG_WORKER_AUTH_TOKEN")
                    .doesNotContain(pw).doesNotContain(pw.substring(0, 12))
                    .doesNotContain(token).doesNotContain(token.substring(0, 12))
                    .doesNotContain("AAAAC3NzaC1lZDI1NTE5-");
        }
        assertThat(out).doesNotExist();
        assertThat(marker).doesNotExist();
    }
}
