package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.RegistryServer;

/** deploy / rollback against a real sshd, dockerd, docker-compose v1 and registry on loopback. */
class RemoteDeployIT {
    static RegistryServer registry;
    static RemoteFixture host;
    static String api1;
    static String api2;
    static String worker1;
    static String worker2;
    static String proxy;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
        host = new RemoteFixture(registry);
        api1 = host.images.build("app-api", "v1", true);
        api2 = host.images.build("app-api", "v2", true);
        worker1 = host.images.build("app-worker", "v1", true);
        worker2 = host.images.build("app-worker", "v2", true);
        proxy = host.images.build("proxy", "p1", true);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void deploysATwoImageReleaseOverOneConnectionAndLeavesOtherServicesAlone() throws Exception {
        Path local = Files.createTempDirectory(host.work, "local");
        Path project = host.newProject("happy");
        host.composeFile(local, proxy);
        Path target = host.target(local, project, "");
        Path env = RemoteFixture.write(local.resolve("app.env"), "GREETING='hello'\n");

        int before = host.sshd.handshakes();
        Result r = host.remote("deploy", target, "--env-file", env.toString(), "--build", "b1",
                "--digest", "api=" + api1, "--digest", "worker=" + worker1);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(host.sshd.handshakes() - before).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.get("result").asText()).isEqualTo("ok");
        assertThat(json.at("/hosts/0/verified")).hasSize(2);
        assertThat(host.imageOf(project, "api")).isEqualTo(api1);
        assertThat(host.imageOf(project, "worker")).isEqualTo(worker1);
        String proxyId = host.containerId(project, "proxy");
        assertThat(proxyId).isNotEmpty();
        assertThat(Files.getPosixFilePermissions(project.resolve(".env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(host.read(project.resolve(".env"))).contains("API_IMAGE=" + api1).contains("GREETING='hello'");

        Result second = host.remote("deploy", target, "--env-file", env.toString(), "--build", "b2",
                "--digest", "api=" + api2, "--digest", "worker=" + worker2);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(host.imageOf(project, "api")).isEqualTo(api2);
        assertThat(host.containerId(project, "proxy")).isEqualTo(proxyId);

        String apiId = host.containerId(project, "api");
        String workerId = host.containerId(project, "worker");
        Result again = host.remote("deploy", target, "--env-file", env.toString(), "--build", "b3",
                "--digest", "api=" + api2, "--digest", "worker=" + worker2);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(host.containerId(project, "api")).isEqualTo(apiId);
        assertThat(host.containerId(project, "worker")).isEqualTo(workerId);
        assertThat(host.containerId(project, "proxy")).isEqualTo(proxyId);

        String audit = host.read(project.resolve(".inventiv/audit.log"));
        assertThat(audit.lines()).hasSize(3).allMatch(l -> l.contains("\tdeploy\tok\t"));
        assertThat(audit).contains("\tb1\troot\ttest\t").contains("api=" + api1);
    }
}
