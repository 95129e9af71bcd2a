package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/** deploy / rollback / status / logs against a real sshd, dockerd, docker-compose v1 and registry on loopback. */
class RemoteDeployIT {
    static RemoteFixture host;
    static String api1;
    static String api2;
    static String worker1;
    static String worker2;

    @BeforeAll
    static void start() {
        host = RemoteFixture.shared();
        api1 = host.image("app-api", "v1", "healthy");
        api2 = host.image("app-api", "v2", "healthy");
        worker1 = host.image("app-worker", "v1", "healthy");
        worker2 = host.image("app-worker", "v2", "healthy");
    }

    static JsonNode json(Result r) throws Exception {
        return new ObjectMapper().readTree(r.stdout());
    }

    Result deploy(Setup s, String build, String api, String worker, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "--env-file";
        args[1] = s.env().toString();
        args[2] = "--build";
        args[3] = build;
        args[4] = "--image";
        args[5] = "api=" + api;
        System.arraycopy(more, 0, args, 6, more.length);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--image";
        all[args.length + 1] = "worker=" + worker;
        return host.remote("deploy", s.target(), all);
    }

    @Test
    void deploysATwoImageReleaseOverOneConnectionLeavesOtherServicesAloneAndRedeployIsANoOp() throws Exception {
        Setup s = host.setup("happy", "secretsDir: " + host.work.resolve("happy-secrets") + "\n");
        Path secrets = Files.createDirectories(s.local().resolve("secrets"));
        RemoteFixture.write(secrets.resolve("db_password"), "s3cret-db-value\n");
        String token = "pull-token-" + System.nanoTime();

        int before = host.sshd.handshakes();
        Result r;
        try (ArgvWatch watch = new ArgvWatch(token)) {
            r = host.remoteWithEnv(Map.of("REGISTRY_USERNAME", "puller", "REGISTRY_PASSWORD", token), "deploy", s.target(),
                    "--env-file", s.env().toString(), "--build", "b1", "--secrets-dir", secrets.toString(),
                    "--image", "api=" + api1, "--image", "worker=" + worker1);
            assertThat(watch.samples()).isPositive();
            assertThat(watch.hits()).isEmpty();
        }
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain(token);
        assertThat(host.sshd.log()).doesNotContain(token);
        assertThat(host.sshd.handshakes() - before).isEqualTo(1);
        JsonNode json = json(r);
        assertThat(json.get("result").asText()).isEqualTo("ok");
        assertThat(json.at("/hosts/0/verified")).hasSize(2);
        assertThat(json.at("/services/api").asText()).isEqualTo(api1);
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(host.imageOf(s.project(), "worker")).isEqualTo(worker1);
        String proxyId = host.containerId(s.project(), "proxy");
        assertThat(proxyId).isNotEmpty();
        Path env = s.project().resolve(".env");
        assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(host.read(env)).contains("API_IMAGE=" + api1).contains("GREETING='hello'");
        Path secret = host.work.resolve("happy-secrets/db_password");
        assertThat(host.read(secret)).isEqualTo("s3cret-db-value\n");
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // The pull token was used for docker login and not left in the run directory.
        Path dockerConfig = host.work.resolve("docker-config/config.json");
        assertThat(host.read(dockerConfig)).contains(registry());
        assertThat(Files.getPosixFilePermissions(dockerConfig)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var runs = Files.walk(s.project().resolve(".inventiv/runs"))) {
            assertThat(runs.filter(p -> p.getFileName().toString().equals("registry-password"))).isEmpty();
        }

        Result second = deploy(s, "b2", api2, worker2);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
        assertThat(host.containerId(s.project(), "proxy")).isEqualTo(proxyId);

        var containers = host.containerIds(s.project(), "api", "worker", "proxy");
        assertThat(containers.get("proxy")).isEqualTo(proxyId);
        Result again = deploy(s, "b3", api2, worker2);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(host.containerIds(s.project(), "api", "worker", "proxy")).as("a no-op redeploy").isEqualTo(containers);

        String audit = host.read(s.project().resolve(".inventiv/audit.log"));
        assertThat(audit.lines()).hasSize(3).allMatch(l -> l.contains("\tdeploy\tok\t"));
        assertThat(audit).contains("\tb1\troot\ttest\t").contains("api=" + api1);
    }

    static String registry() {
        return api1.substring(0, api1.indexOf('/'));
    }

    @Test
    void rollbackRedeploysThePreviousReleaseAndStatusAndLogsShowWhatRuns() throws Exception {
        Setup s = host.setup("rollback", "");
        assertThat(deploy(s, "r1", api1, worker1).exitCode()).isZero();
        assertThat(deploy(s, "r2", api2, worker2).exitCode()).isZero();

        Result back = host.remote("rollback", s.target(), "--build", "rb1");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(json(back).get("kind").asText()).isEqualTo("rollback");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(host.imageOf(s.project(), "worker")).isEqualTo(worker1);
        assertThat(host.read(s.project().resolve(".env"))).contains("API_IMAGE=" + api1);

        String digest2 = api2.substring(api2.indexOf('@') + 1);
        Result named = host.remote("rollback", s.target(), "--to", digest2);
        assertThat(named.exitCode()).as(named.all()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);

        Result status = host.remote("status", s.target(), "--audit-lines", "10");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode h = json(status).at("/hosts/0");
        assertThat(h.get("docker").asText()).isEqualTo("ok");
        assertThat(h.get("compose").asText()).isEqualTo("v1");
        assertThat(h.get("containers")).hasSize(3);
        JsonNode apiRow = null;
        for (JsonNode c : h.get("containers")) {
            if (c.get("service").asText().equals("api")) {
                apiRow = c;
            }
        }
        assertThat(apiRow).isNotNull();
        assertThat(apiRow.get("image").asText()).isEqualTo(api2);
        assertThat(apiRow.get("state").asText()).isEqualTo("running");
        assertThat(h.get("audit")).hasSize(4);
        assertThat(h.at("/audit/2/kind").asText()).isEqualTo("rollback");
        assertThat(h.at("/audit/2/build").asText()).isEqualTo("rb1");

        Result logs = host.remote("logs", s.target(), "--service", "api", "--tail", "5");
        assertThat(logs.exitCode()).as(logs.all()).isZero();
        assertThat(json(logs).at("/hosts/0/lines").toString()).contains("v2");
        Result badService = host.remote("logs", s.target(), "--service", "api;touch /tmp/pwned-logs", "--tail", "5");
        assertThat(badService.exitCode()).isEqualTo(2);
        assertThat(badService.stderr()).contains("--service");
        assertThat(Path.of("/tmp/pwned-logs")).doesNotExist();
    }

    @Test
    void failingUpOrHealthCheckRollsBackExits1AndTheAuditSaysSoUnlessRollbackIsOff() throws Exception {
        Setup s = host.setup("faults", "");
        assertThat(deploy(s, "good", api1, worker1).exitCode()).isZero();
        String goodApi = host.containerId(s.project(), "api");

        Result broken = deploy(s, "broken", host.image("app-api", "broken", "broken"), worker2);
        assertThat(broken.exitCode()).as(broken.all()).isEqualTo(1);
        assertThat(json(broken).get("result").asText()).isEqualTo("rolled-back");
        assertThat(json(broken).at("/hosts/0/running").asText()).isEqualTo("previous");
        assertThat(broken.stderr()).contains("compose up -d failed");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(host.imageOf(s.project(), "worker")).isEqualTo(worker1);
        assertThat(host.read(s.project().resolve(".env"))).contains("API_IMAGE=" + api1);

        Result unhealthy = deploy(s, "sick", host.image("app-api", "sick", "unhealthy"), worker1);
        assertThat(unhealthy.exitCode()).as(unhealthy.all()).isEqualTo(1);
        assertThat(json(unhealthy).get("result").asText()).isEqualTo("rolled-back");
        assertThat(unhealthy.stderr()).contains("health check failed");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);

        var audit = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")));
        assertThat(audit).extracting(AuditEntry::result).containsExactly("ok", "rolled-back", "rolled-back");
        assertThat(audit).extracting(AuditEntry::build).containsExactly("good", "broken", "sick");
        assertThat(host.containerId(s.project(), "api")).isNotEqualTo(goodApi);
        assertThat(s.project().resolve(".inventiv/lock")).doesNotExist();

        // With rollback off the failed release stays in place; still exit 1, and the audit says failed.
        Path noRollback = s.local().resolve("no-rollback.yml");
        Files.writeString(noRollback, host.read(s.target()) + "rollback: \"off\"\n");
        String sick = host.image("app-api", "sick", "unhealthy");
        Result off = host.remote("deploy", noRollback, "--env-file", s.env().toString(), "--build", "sick-off",
                "--image", "api=" + sick, "--image", "worker=" + worker1);
        assertThat(off.exitCode()).as(off.all()).isEqualTo(1);
        assertThat(json(off).get("result").asText()).isEqualTo("failed");
        assertThat(json(off).at("/hosts/0/running").asText()).as("failed after up, not rolled back").isEqualTo("new");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(sick);
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::result).containsExactly("ok", "rolled-back", "rolled-back", "failed");
    }

    @Test
    void hostileValuesReachTheHostAsDataOrAreRefusedByName() throws Exception {
        Path canary = Path.of("/tmp/pwned-remote-" + ProcessHandle.current().pid());
        String hostile = "$(touch " + canary + ") `touch " + canary + "`; touch " + canary + " 'q\" \\ |&";
        Setup s = host.setup("hostile", "");
        // The environment replaces the fixture's (a key given twice is refused).
        Files.writeString(s.target(), host.read(s.target()).replace("environment: test\n",
                "environment: \"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n"));
        Result r = deploy(s, hostile, api1, worker1);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(canary).doesNotExist();
        AuditEntry e = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))).get(0);
        assertThat(e.build()).isEqualTo(hostile);
        assertThat(e.environment()).isEqualTo(hostile);

        Result newline = deploy(s, "two\nlines", api1, worker1);
        assertThat(newline.exitCode()).isEqualTo(2);
        assertThat(newline.stderr()).contains("--build").contains("one line");

        Result service = host.remote("deploy", s.target(), "--image", "api$(touch " + canary + ")=" + api1);
        assertThat(service.exitCode()).isEqualTo(2);
        assertThat(service.stderr()).contains("--image");

        Path evilDir = host.setup("evil", "").local();
        Path evilTarget = host.target(evilDir, Path.of("/tmp/x$(touch " + canary + ")"), "");
        Result dir = host.remote("deploy", evilTarget, "--image", "api=" + api1, "--image", "worker=" + worker1);
        assertThat(dir.exitCode()).isEqualTo(2);
        assertThat(dir.stderr()).contains("remoteDir");
        assertThat(Path.of("/tmp/x$(touch " + canary + ")")).doesNotExist();
        assertThat(canary).doesNotExist();
    }

    @Test
    void severalHostsAreUpdatedOneAtATimeAndTheFirstFailureStopsTheRollout() throws Exception {
        Setup s = host.setup("rolling", "");
        // 127.0.0.1 is the test sshd; nothing listens on 127.0.0.3; localhost would be the third host.
        Path target = s.local().resolve("rolling.yml");
        Files.writeString(target, host.read(s.target()).replace("hosts: [127.0.0.1]", "hosts: [127.0.0.1, 127.0.0.3, localhost]"));
        int before = host.sshd.handshakes();
        Result r = host.remote("deploy", target, "--env-file", s.env().toString(), "--image", "api=" + api1,
                "--image", "worker=" + worker1);
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("127.0.0.3").contains("hosts already updated: 127.0.0.1")
                .contains("remaining hosts were not touched");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")))).hasSize(1);
        assertThat(host.sshd.handshakes() - before).isEqualTo(1);
    }

    @Test
    void imagesOfReleasesOlderThanTheLastKeptOnesArePrunedAfterASuccess() throws Exception {
        Setup s = host.setup("prune", "keepReleases: 1\n");
        String old = host.image("app-api", "prune-old", "healthy");
        String current = host.image("app-api", "prune-new", "healthy");
        assertThat(deploy(s, "p1", old, worker1).exitCode()).isZero();
        Result r = deploy(s, "p2", current, worker1);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("pruned " + old);
        String digests = host.images.docker(java.util.List.of("image", "ls", "--digests", "--format",
                "{{.Repository}}@{{.Digest}}"));
        assertThat(digests).doesNotContain(old).contains(current).contains(worker1);
        assertThat(s.project().resolve(".inventiv/releases")).isDirectoryContaining(p -> true);
        try (var releases = Files.list(s.project().resolve(".inventiv/releases"))) {
            assertThat(releases.count()).isEqualTo(1);
        }
    }
}
