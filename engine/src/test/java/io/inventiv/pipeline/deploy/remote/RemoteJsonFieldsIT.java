package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.cli.CliJsonTable;
import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * The JSON fields of the remote commands' SUCCESSFUL runs (bootstrap, deploy and rollback with and
 * without --plan, status, logs) on the real sshd/dockerd/registry host, pinned to docs/cli.md's
 * table like {@code JsonFieldsIT}: one host history, each command run once.
 */
class RemoteJsonFieldsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static RemoteFixture host;
    static Map<String, CliJsonTable.Shape> documented;

    @BeforeAll
    static void start() throws Exception {
        documented = CliJsonTable.read(Path.of("docs/cli.md"));
        host = RemoteFixture.shared();
    }

    private static JsonNode succeed(String command, Path target, String... more) throws Exception {
        Result r = host.remote(command, target, more);
        assertThat(r.exitCode()).as(command + ": " + r.all()).isZero();
        assertThat(r.stdout().strip().lines()).as(r.stdout()).hasSize(1);
        return JSON.readTree(r.stdout());
    }

    @Test
    void everyRemoteCommandsSuccessObjectHasTheDocumentedFields() throws Exception {
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker1 = host.image("app-worker", "v1", "healthy");
        Setup s = host.setup("jsonfields", "");
        String env = s.env().toString();

        CliJsonTable.assertDocumented(documented, "bootstrap", succeed("bootstrap", s.target()));
        CliJsonTable.assertDocumented(documented, "deploy --plan", succeed("deploy", s.target(), "--plan",
                "--env-file", env, "--image", "api=" + api1, "--image", "worker=" + worker1));
        CliJsonTable.assertDocumented(documented, "deploy", succeed("deploy", s.target(), "--env-file", env,
                "--build", "f1", "--image", "api=" + api1, "--image", "worker=" + worker1));
        succeed("deploy", s.target(), "--env-file", env, "--build", "f2", "--image", "api=" + api2,
                "--image", "worker=" + worker1);
        CliJsonTable.assertDocumented(documented, "rollback --plan", succeed("rollback", s.target(), "--plan"));
        CliJsonTable.assertDocumented(documented, "rollback", succeed("rollback", s.target(), "--build", "fr"));
        CliJsonTable.assertDocumented(documented, "status", succeed("status", s.target()));
        CliJsonTable.assertDocumented(documented, "logs", succeed("logs", s.target(), "--service", "api", "--tail", "3"));
    }
}
