package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
                    "--digest", "api=" + api, "--digest", "worker=" + worker);
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
}
