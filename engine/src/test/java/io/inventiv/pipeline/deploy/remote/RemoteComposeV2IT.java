package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.ComposeV2;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.SshServer;

/**
 * A host whose `docker compose` is v2, what the team's VMs run: a second sshd whose sessions get
 * a DOCKER_CONFIG with the v2 plugin (and v1 `docker-compose` still on the PATH, so the host
 * script's preference for v2 is what is tested). The same dockerd, registry and images as the
 * other remote tests.
 */
class RemoteComposeV2IT {
    static RemoteFixture host;
    static SshServer sshd;
    static Path dockerConfig;

    @BeforeAll
    static void start() {
        host = RemoteFixture.shared();
        dockerConfig = ComposeV2.dockerConfig(host.work);
        sshd = SshServer.start(Map.of("DOCKER_HOST", host.docker.host(), "DOCKER_CONFIG", dockerConfig.toString()));
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** A fixture setup whose target reaches the v2 sshd instead of the shared one. */
    static Setup setup(String name) throws Exception {
        Setup s = host.setup(name, "");
        Files.writeString(s.target(), viaV2(s.target()));
        return s;
    }

    /** The target's text, pointed at the v2 sshd. */
    static String viaV2(Path target) {
        return host.read(target)
                .replaceAll("(?m)^port: .*$", "port: " + sshd.port())
                .replaceAll("(?m)^hostKey: .*$", "hostKey: \"" + sshd.hostKeyLine() + "\"");
    }

    static Result run(Map<String, String> env, String command, Setup s, String... more) {
        List<String> argv = new ArrayList<>(List.of(command, "--json", "--target-file", s.target().toString(),
                "--identity-file", sshd.clientKey().toString()));
        argv.addAll(List.of(more));
        return host.engine(env, argv.toArray(String[]::new));
    }

    static Result deploy(Setup s, String build, String api, String worker) {
        return run(Map.of(), "deploy", s, "--env-file", s.env().toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker);
    }

    static JsonNode json(Result r) throws Exception {
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void deploysThroughComposeV2VerifiesTheDigestsRedeploysAsANoOpAndRollsBack() throws Exception {
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker1 = host.image("app-worker", "v1", "healthy");
        Setup s = setup("composev2");
        // A hostile value in the form render-env writes: v2 hands it to the container unchanged.
        String greeting = "$(touch " + host.work.resolve("pwned-v2") + ") `id` \"q\" $HOME # not a comment";
        RemoteFixture.write(s.env(), "GREETING='" + greeting + "'\n");

        Result before = run(Map.of(), "status", s);
        assertThat(before.exitCode()).as(before.all()).isZero();
        assertThat(json(before).at("/hosts/0/compose").asText()).isEqualTo("v2");

        String token = "pull-token-" + System.nanoTime();
        Result first = run(Map.of("REGISTRY_USERNAME", "puller", "REGISTRY_PASSWORD", token), "deploy", s,
                "--env-file", s.env().toString(), "--build", "v2-1", "--image", "api=" + api1, "--image", "worker=" + worker1);
        assertThat(first.exitCode()).as(() -> first.all() + host.runLogs(s.project())).isZero();
        assertThat(first.all()).doesNotContain(token);
        assertThat(json(first).at("/hosts/0/verified")).hasSize(2);
        // The host script chose v2 with v1 on the PATH too.
        assertThat(host.runLogs(s.project())).containsPattern("@@[0-9a-f]{32} compose v2").doesNotContainPattern("@@[0-9a-f]{32} compose v1");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(host.imageOf(s.project(), "worker")).isEqualTo(worker1);
        assertThat(host.images.docker(List.of("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}",
                host.containerId(s.project(), "api"))).lines()).contains("GREETING=" + greeting);
        assertThat(host.work.resolve("pwned-v2")).doesNotExist();
        String proxyId = host.containerId(s.project(), "proxy");
        assertThat(proxyId).isNotEmpty();
        // v2 names its containers project-service-N (v1: project_service_N): made by v2 for real.
        assertThat(host.images.docker(List.of("inspect", "-f", "{{.Name}}", host.containerId(s.project(), "api"))).strip())
                .isEqualTo("/" + RemoteFixture.projectName(s.project()) + "-api-1");
        assertThat(host.read(dockerConfig.resolve("config.json"))).contains(api1.substring(0, api1.indexOf('/')));
        assertThat(dockerConfig.resolve("cli-plugins/docker-compose")).isSymbolicLink();

        var containers = host.containerIds(s.project(), "api", "worker", "proxy");
        assertThat(containers.get("proxy")).isEqualTo(proxyId);
        Result again = deploy(s, "v2-2", api1, worker1);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(host.containerIds(s.project(), "api", "worker", "proxy")).as("a no-op redeploy").isEqualTo(containers);

        Result next = deploy(s, "v2-3", api2, worker1);
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
        assertThat(host.containerId(s.project(), "worker")).isEqualTo(containers.get("worker"));

        Result logs = run(Map.of(), "logs", s, "--service", "api", "--tail", "5");
        assertThat(logs.exitCode()).as(logs.all()).isZero();
        assertThat(json(logs).at("/hosts/0/lines").toString()).contains("v2");

        Result back = run(Map.of(), "rollback", s, "--build", "v2-back");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(host.containerId(s.project(), "proxy")).isEqualTo(proxyId);

        Result status = run(Map.of(), "status", s, "--audit-lines", "10");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode h = json(status).at("/hosts/0");
        assertThat(h.get("compose").asText()).isEqualTo("v2");
        assertThat(h.get("containers")).hasSize(3);
        for (JsonNode c : h.get("containers")) {
            if (c.get("service").asText().equals("api")) {
                assertThat(c.get("image").asText()).isEqualTo(api1);
                assertThat(c.get("state").asText()).isEqualTo("running");
            }
        }
        List<AuditEntry> audit = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")));
        assertThat(audit).extracting(AuditEntry::result).containsExactly("ok", "ok", "ok", "ok");
        assertThat(audit).extracting(AuditEntry::build).containsExactly("v2-1", "v2-2", "v2-3", "v2-back");
        assertThat(s.project().resolve(".inventiv/lock")).doesNotExist();
    }

    /**
     * v2's `ps` lists only running containers unless --all (v1's lists stopped ones too): a
     * release service whose container stopped is named "not running" (not "has no container"),
     * the rollback brings the previous release back, and status still lists a stopped service.
     */
    @Test
    void aStoppedReleaseServiceIsNamedNotRunningAndStatusStillListsItUnderV2() throws Exception {
        String api1 = host.image("app-api", "v1", "healthy");
        String worker1 = host.image("app-worker", "v1", "healthy");
        Setup s = setup("composev2stopped");
        Result good = deploy(s, "good", api1, worker1);
        assertThat(good.exitCode()).as(() -> good.all() + host.runLogs(s.project())).isZero();

        Result exits = deploy(s, "exits", host.image("app-api", "exits", "exits"), worker1);
        assertThat(exits.exitCode()).as(exits.all()).isEqualTo(1);
        assertThat(json(exits).get("result").asText()).isEqualTo("rolled-back");
        assertThat(json(exits).at("/hosts/0/errors").toString()).contains("service api is not running")
                .doesNotContain("has no container");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);

        host.images.docker(List.of("stop", "-t", "1", host.containerId(s.project(), "worker")));
        Result status = run(Map.of(), "status", s);
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode h = json(status).at("/hosts/0");
        assertThat(h.get("compose").asText()).isEqualTo("v2");
        Map<String, String> states = new java.util.TreeMap<>();
        h.get("containers").forEach(c -> states.put(c.get("service").asText(), c.get("state").asText()));
        assertThat(states).containsExactly(Map.entry("api", "running"), Map.entry("proxy", "running"),
                Map.entry("worker", "exited"));
    }

    /**
     * A host that ran its deploys with v1 and then gets v2: v2 names the project as v1 did, so the
     * next deploy replaces the project's containers instead of starting a second set beside them.
     */
    @Test
    void aHostMovingFromV1ToV2KeepsOneSetOfContainers() throws Exception {
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker1 = host.image("app-worker", "v1", "healthy");
        Setup s = host.setup("vonetotwo", "");
        Result v1 = host.remote("deploy", s.target(), "--env-file", s.env().toString(), "--build", "on-v1",
                "--image", "api=" + api1, "--image", "worker=" + worker1);
        assertThat(v1.exitCode()).as(() -> v1.all() + host.runLogs(s.project())).isZero();
        assertThat(host.runLogs(s.project())).containsPattern("@@[0-9a-f]{32} compose v1");

        Path v2Target = RemoteFixture.write(s.local().resolve("target-v2.yml"), viaV2(s.target()));
        Result v2 = run(Map.of(), "deploy", new Setup(s.local(), s.project(), v2Target, s.env()), "--env-file",
                s.env().toString(), "--build", "on-v2", "--image", "api=" + api2, "--image", "worker=" + worker1);
        assertThat(v2.exitCode()).as(() -> v2.all() + host.runLogs(s.project())).isZero();
        assertThat(host.runLogs(s.project())).containsPattern("@@[0-9a-f]{32} compose v2");
        String all = host.images.docker(List.of("ps", "-aq", "--filter",
                "label=com.docker.compose.project=" + RemoteFixture.projectName(s.project()))).strip();
        assertThat(all.lines()).hasSize(3);
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::result).containsExactly("ok", "ok");
    }
}
