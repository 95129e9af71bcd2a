package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.SshServer;

/**
 * {@code status} gates a deploy: against the fixture's host (sshd up, docker reachable) it exits
 * 0; against a second real sshd whose sessions point DOCKER_HOST at a socket no daemon listens
 * on, SSH works but docker does not, and status exits 1 naming the host and the fix.
 */
class RemoteStatusIT {
    static RemoteFixture host;
    static SshServer sshdWithoutDaemon;

    @BeforeAll
    static void start() throws IOException {
        host = RemoteFixture.shared();
        Path nowhere = Files.createTempDirectory(host.work, "nodaemon").resolve("docker.sock");
        sshdWithoutDaemon = SshServer.start(Map.of("DOCKER_HOST", "unix://" + nowhere));
    }

    @AfterAll
    static void stop() {
        if (sshdWithoutDaemon != null) {
            sshdWithoutDaemon.close();
        }
    }

    @Test
    void statusExitsZeroWhenDockerAnswersAndOneWhenItDoesNot() throws Exception {
        RemoteFixture.Setup s = host.setup("status-gate", "");
        Result reachable = host.remote("status", s.target());
        assertThat(reachable.exitCode()).as(reachable.all()).isZero();
        assertThat(json(reachable).at("/hosts/0/docker").asText()).isEqualTo("ok");

        Path target = s.local().resolve("nodaemon.yml");
        Files.writeString(target, host.read(s.target())
                .replaceAll("(?m)^port: .*$", "port: " + sshdWithoutDaemon.port())
                .replaceAll("(?m)^hostKey: .*$", "hostKey: \"" + sshdWithoutDaemon.hostKeyLine() + "\""));
        int before = sshdWithoutDaemon.handshakes();
        Result unreachable = host.engine(Map.of(), "status", "--json", "--target-file", target.toString(),
                "--identity-file", sshdWithoutDaemon.clientKey().toString());
        assertThat(unreachable.exitCode()).as(unreachable.all()).isEqualTo(1);
        assertThat(json(unreachable).at("/hosts/0/docker").asText()).isEqualTo("unreachable");
        assertThat(unreachable.stderr()).contains("docker on root@127.0.0.1 is unreachable").contains("bootstrap");
        assertThat(sshdWithoutDaemon.handshakes()).as("SSH itself worked").isGreaterThan(before);
    }

    private static JsonNode json(Result r) throws IOException {
        return new ObjectMapper().readTree(r.stdout());
    }
}
