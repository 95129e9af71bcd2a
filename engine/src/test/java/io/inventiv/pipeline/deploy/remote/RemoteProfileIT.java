package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.SshAgentFixture;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * deploy --profile FILE: the profile renders the env file, its secret reaches the container
 * exactly (hostile characters and all) and appears in no output, argv or log.
 */
class RemoteProfileIT {

    @Test
    void aProfileDeployRendersTheEnvFileAndNoSecretLeaks() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api = host.image("app-api", "v1", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Path local = Files.createTempDirectory(host.work, "profile");
        Path project = host.newProject("profiled");
        host.composeFile(local, host.image("proxy", "p1", "healthy"));
        String registry = api.substring(0, api.indexOf('/'));
        String profile = "name: itest\n"
                + "variables:\n"
                + "  APP_HOST: { kind: setting, format: host }\n"
                + "  APP_PORT: { kind: setting, format: port }\n"
                + "  APP_GREETING: { kind: secret, composeKey: GREETING }\n"
                + "  APP_SSH_KEY: { kind: ssh-key }\n"
                + "ssh:\n  hosts: [\"${APP_HOST}\"]\n  port: \"${APP_PORT}\"\n  user: root\n  userCandidates: [root]\n"
                + "  hostKey: \"" + host.sshd.hostKeyLine() + "\"\n"
                + "remote:\n  dir: " + project + "\n  composeFile: docker-compose.yml\n"
                + "release:\n  api: { image: \"" + registry + "/app-api\", envKey: API_IMAGE }\n"
                + "  worker: { image: \"" + registry + "/app-worker\", envKey: WORKER_IMAGE }\n"
                + "rollback: auto\n";
        Path profileFile = RemoteFixture.write(local.resolve("profile.yml"), profile);
        Path canary = host.work.resolve("pwned-profile");
        String secret = "s3cr3t-$(touch " + canary + ")-`id`;|&\"x\"";

        Result r;
        try (ArgvWatch watch = new ArgvWatch(secret)) {
            r = host.engine(Map.of("APP_HOST", "127.0.0.1", "APP_PORT", Integer.toString(host.sshd.port()),
                    "APP_GREETING", secret), "deploy", "--json", "--profile", profileFile.toString(),
                    "--identity-file", host.sshd.clientKey().toString(), "--build", "p1",
                    "--image", "api=" + api, "--image", "worker=" + worker);
            assertThat(watch.hits()).isEmpty();
        }
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain(secret).doesNotContain("s3cr3t");
        assertThat(host.sshd.log()).doesNotContain("s3cr3t");
        assertThat(canary).doesNotExist();
        String containerEnv = host.images.docker(List.of("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}",
                host.containerId(project, "api")));
        assertThat(containerEnv.lines()).contains("GREETING=" + secret);
        assertThat(host.runLogs(project)).doesNotContain("s3cr3t");
    }

    @Test
    void statusLogsAndBootstrapNeedOnlyTheConnectionSettingsAndWorkThroughTheSshAgent() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        Path local = Files.createTempDirectory(host.work, "conn");
        Path project = host.newProject("connonly");
        String profile = "name: conn\n"
                + "variables:\n"
                + "  APP_HOST: { kind: setting, format: host }\n"
                + "  APP_PORT: { kind: setting, format: port }\n"
                + "  APP_DOMAIN: { kind: setting, format: domain }\n"
                + "  APP_DB_PASSWORD: { kind: secret, composeKey: DB_PASSWORD }\n"
                + "  APP_SSH_KEY: { kind: ssh-key }\n"
                + "ssh:\n  hosts: [\"${APP_HOST}\"]\n  port: \"${APP_PORT}\"\n  userCandidates: [root]\n"
                + "  hostKey: \"" + host.sshd.hostKeyLine() + "\"\n"
                + "remote:\n  dir: " + project + "\n  composeFile: docker-compose.yml\n"
                + "release:\n  api: { image: \"127.0.0.1:5000/app-api\", envKey: API_IMAGE }\n"
                + "hooks:\n  healthCheck: \"https://${APP_DOMAIN}/health\"\n";
        Path profileFile = RemoteFixture.write(local.resolve("conn.yml"), profile);
        try (SshAgentFixture agent = SshAgentFixture.start()) {
            agent.add(host.sshd.clientKey());
            // No secret, no domain, no --identity-file: the agent (Jenkins' sshagent step) holds the key.
            Map<String, String> env = Map.of("APP_HOST", "127.0.0.1", "APP_PORT", Integer.toString(host.sshd.port()),
                    "SSH_AUTH_SOCK", agent.socket());
            Result boot = host.engine(env, "bootstrap", "--json", "--profile", profileFile.toString());
            assertThat(boot.exitCode()).as(boot.all()).isZero();
            Result status = host.engine(env, "status", "--json", "--profile", profileFile.toString());
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(new ObjectMapper().readTree(status.stdout()).at("/hosts/0/docker").asText()).isEqualTo("ok");
            host.composeFile(project, host.image("proxy", "p1", "healthy"));
            Result logs = host.engine(env, "logs", "--json", "--profile", profileFile.toString(), "--service", "api");
            assertThat(logs.exitCode()).as(logs.all()).isZero();

            // A deploy still needs every required variable, and says which ones are missing.
            Result deploy = host.engine(env, "deploy", "--json", "--profile", profileFile.toString(),
                    "--image", "api=127.0.0.1:5000/app-api@sha256:" + "a".repeat(64));
            assertThat(deploy.exitCode()).isEqualTo(2);
            assertThat(deploy.stderr()).contains("APP_DOMAIN").contains("APP_DB_PASSWORD");

            // A missing connection setting is still named.
            Result noHost = host.engine(Map.of("SSH_AUTH_SOCK", agent.socket()), "status", "--profile", profileFile.toString());
            assertThat(noHost.exitCode()).isEqualTo(2);
            assertThat(noHost.stderr()).contains("missing APP_HOST, APP_PORT").doesNotContain("APP_DB_PASSWORD");
        }
    }
}
