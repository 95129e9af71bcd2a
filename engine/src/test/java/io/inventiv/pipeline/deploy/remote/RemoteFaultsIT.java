package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;

/** Host keys, the host-side lock, a killed engine and a dropped connection, for real. */
class RemoteFaultsIT {
    static RemoteFixture host;
    static String api1;
    static String api2;
    static String worker1;

    @BeforeAll
    static void start() {
        host = RemoteFixture.shared();
        api1 = host.image("app-api", "v1", "healthy");
        api2 = host.image("app-api", "v2", "healthy");
        worker1 = host.image("app-worker", "v1", "healthy");
    }

    static JsonNode json(Result r) throws IOException {
        return new ObjectMapper().readTree(r.stdout());
    }

    List<String> deployArgs(Setup s, String build, String api, String... more) {
        List<String> a = host.argv("deploy", s.target(), "--env-file", s.env().toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker1);
        a.addAll(List.of(more));
        return a;
    }

    Result deploy(Setup s, String build, String api, String... more) {
        return host.engine(java.util.Map.of(), deployArgs(s, build, api, more).toArray(String[]::new));
    }

    @Test
    void aWrongOrUnknownHostKeyIsRefusedBeforeAnyCommandAndTheFingerprintIsShown() throws Exception {
        Setup s = host.setup("hostkeys", "");
        Path wrongKeyDir = Files.createTempDirectory(host.work, "wrongkey");
        Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKeyDir.resolve("k").toString()));
        String wrong = Files.readString(wrongKeyDir.resolve("k.pub")).strip().split(" ")[0] + " "
                + Files.readString(wrongKeyDir.resolve("k.pub")).strip().split(" ")[1];
        Path pinnedWrong = host.target(s.local(), s.project(), "").resolveSibling("wrong.yml");
        Files.writeString(pinnedWrong, host.read(s.target()).replace(host.sshd.hostKeyLine(), wrong));

        Result mismatch = host.remote("deploy", pinnedWrong, "--image", "api=" + api1, "--image", "worker=" + worker1);
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.stderr()).contains("host key").contains(host.sshd.fingerprint()).contains("nothing was run");
        assertThat(mismatch.stderr().strip().lines()).hasSize(1);
        assertThat(s.project().resolve(".inventiv")).doesNotExist();

        // No pinned key and an empty known_hosts: unknown host, refused the same way...
        Path unpinned = s.local().resolve("unpinned.yml");
        Files.writeString(unpinned, host.read(s.target()).replaceAll("(?m)^hostKey:.*\\n", ""));
        Path knownHosts = s.local().resolve("known_hosts");
        Files.writeString(knownHosts, "");
        Result unknown = host.remote("status", unpinned, "--known-hosts", knownHosts.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("is not known").contains(host.sshd.fingerprint());
        assertThat(host.read(knownHosts)).isEmpty();

        // ...unless the operator accepts a first-seen key, which is then remembered.
        Result accepted = host.remote("status", unpinned, "--known-hosts", knownHosts.toString(), "--accept-new-host-key");
        assertThat(accepted.exitCode()).as(accepted.all()).isZero();
        assertThat(host.read(knownHosts)).contains(host.sshd.hostKeyLine().split(" ")[1]);
        Result known = host.remote("status", unpinned, "--known-hosts", knownHosts.toString());
        assertThat(known.exitCode()).as(known.all()).isZero();
        assertThat(json(known).at("/hosts/0/docker").asText()).isEqualTo("ok");
    }

    @Test
    void whenNoUserIsSetTheCandidatesAreTriedInOrder() throws Exception {
        Setup s = host.setup("candidates", "");
        Path target = s.local().resolve("candidates.yml");
        Files.writeString(target, host.read(s.target()).replace("userCandidates: [root]", "userCandidates: [inventivabsent, root]"));
        int before = host.sshd.handshakes();
        Result r = host.remote("status", target);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(json(r).at("/hosts/0/user").asText()).isEqualTo("root");
        assertThat(host.sshd.handshakes() - before).isEqualTo(2);

        Result forced = host.remote("status", target, "--user", "inventivabsent");
        assertThat(forced.exitCode()).isEqualTo(1);
        assertThat(forced.stderr()).contains("refused for inventivabsent").contains("--identity-file");
    }

    @Test
    void twoDeploysAtOnceOneWaitsForTheLockTheOtherExits3AfterLockWait() throws Exception {
        Path gate = host.work.resolve("gate-locking");
        Setup s = host.setup("locking", RemoteFixture.gateHook(gate));
        RemoteFixture.Running first = host.startEngine(deployArgs(s, "holder", api1));
        Path lock = s.project().resolve(".inventiv/lock");
        RemoteFixture.await("the first deploy to take the lock", Duration.ofSeconds(90), () -> Files.isDirectory(lock));

        Path otherEnv = RemoteFixture.write(s.local().resolve("other.env"), "GREETING='other'\n");
        RemoteFixture.Running waiter = host.startEngine(host.argv("deploy", s.target(), "--env-file", otherEnv.toString(),
                "--build", "waiter", "--image", "api=" + api2, "--image", "worker=" + worker1, "--lock-wait", "300s"));

        Result impatient = deploy(s, "impatient", api2, "--lock-wait", "1s");
        assertThat(impatient.exitCode()).as(impatient.all()).isEqualTo(3);
        assertThat(json(impatient).at("/hosts/0/lockHolder").asText()).contains("build=holder");
        assertThat(json(impatient).get("result").asText()).isEqualTo("lock-held");
        RemoteFixture.await("the second deploy to wait", Duration.ofSeconds(90), () -> waiter.output().contains("waiting up to"),
                () -> first.output() + waiter.output() + host.runLogs(s.project()));
        RemoteFixture.open(gate);

        assertThat(first.process().waitFor(3, TimeUnit.MINUTES)).as(() -> first.output() + host.runLogs(s.project())).isTrue();
        assertThat(first.process().exitValue()).as(first.output()).isZero();
        RemoteFixture.open(gate);
        assertThat(waiter.process().waitFor(3, TimeUnit.MINUTES)).as(() -> waiter.output() + host.runLogs(s.project())).isTrue();
        assertThat(waiter.process().exitValue()).as(waiter.output()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
        var audit = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")));
        assertThat(audit).extracting(AuditEntry::build).containsExactly("holder", "waiter");
        assertThat(lock).doesNotExist();
    }

    @Test
    void aKilledEngineLeavesTheHostToFinishAndTheNextDeployReattachesInsteadOfStartingASecond() throws Exception {
        Path gate = host.work.resolve("gate-killed");
        Setup s = host.setup("killed", RemoteFixture.gateHook(gate));
        RemoteFixture.Running engine = host.startEngine(deployArgs(s, "k1", api1));
        Path lock = s.project().resolve(".inventiv/lock");
        RemoteFixture.await("the host-side run to hold the lock", Duration.ofSeconds(90), () -> Files.isDirectory(lock));
        engine.abort();
        assertThat(engine.process().isAlive()).isFalse();

        // The same deploy again while the host still runs the first one: it re-attaches.
        RemoteFixture.Running again = host.startEngine(deployArgs(s, "k1", api1));
        RemoteFixture.await("the rerun to attach", Duration.ofSeconds(90), () -> again.output().contains("attach"),
                () -> again.output() + host.runLogs(s.project()));
        RemoteFixture.open(gate);
        assertThat(again.process().waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(again.process().exitValue()).as(again.output()).isZero();
        assertThat(new ObjectMapper().readTree(Files.readString(again.stdout())).at("/hosts/0/attached").asBoolean()).isTrue();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        var audit = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")));
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).result()).isEqualTo("ok");
        assertThat(lock).doesNotExist();

        // Killed again, and this time nobody re-attaches: the host finishes on its own.
        RemoteFixture.Running second = host.startEngine(deployArgs(s, "k2", api2));
        RemoteFixture.await("the second run to hold the lock", Duration.ofSeconds(90), () -> Files.isDirectory(lock));
        second.kill();
        RemoteFixture.open(gate);
        RemoteFixture.await("the host to finish alone", Duration.ofSeconds(90),
                () -> host.read(s.project().resolve(".inventiv/audit.log")).lines().count() == 2 && !Files.exists(lock));
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
    }

    @Test
    void aConnectionDroppedWhileTheHostRunsLeavesTheRunToFinishOnItsOwn() throws Exception {
        Path gate = host.work.resolve("gate-droprun");
        Setup s = host.setup("droprun", RemoteFixture.gateHook(gate));
        RemoteFixture.Running engine = host.startEngine(deployArgs(s, "d1", api1));
        Path lock = s.project().resolve(".inventiv/lock");
        RemoteFixture.await("the host-side run to hold the lock", Duration.ofSeconds(90), () -> Files.isDirectory(lock));
        host.sshd.dropConnections();
        assertThat(engine.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(engine.process().exitValue()).as(engine.output()).isEqualTo(1);
        assertThat(engine.output()).contains("lost").contains("finishes on its own");
        RemoteFixture.open(gate);
        Path audit = s.project().resolve(".inventiv/audit.log");
        RemoteFixture.await("the host to finish alone", Duration.ofSeconds(90),
                () -> Files.exists(audit) && host.read(audit).contains("\tok\t") && !Files.exists(lock),
                () -> host.runLogs(s.project()));
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
    }

    @Test
    void aLockRecordLeftByAKilledRunIsTakenOverWithAWarningButALiveHolderKeepsTheLock() throws Exception {
        Setup s = host.setup("stale", "");
        Path lock = Files.createDirectories(s.project().resolve(".inventiv/lock"));
        // An expired lease is not enough: while a process holds the lock, it is held.
        Process holder = RemoteFixture.holdLock(lock.getParent());
        try {
            Files.writeString(lock.resolve("pid"), holder.pid() + "\n");
            Files.writeString(lock.resolve("lease"), (System.currentTimeMillis() / 1000 - 60) + "\n");
            Files.writeString(lock.resolve("owner"), "owner=root\nbuild=alive\npid=" + holder.pid() + "\n");
            Result held = deploy(s, "while-alive", api1, "--lock-wait", "1s");
            assertThat(held.exitCode()).as(held.all()).isEqualTo(3);
            assertThat(json(held).at("/hosts/0/lockHolder").asText()).contains("build=alive");
            assertThat(lock.resolve("owner")).content().contains("build=alive");
        } finally {
            RemoteFixture.release(holder);
        }
        // The holder is gone (the kernel released its lock) but its record stays, as after a SIGKILL.
        long deadPid = deadPid();
        Files.writeString(lock.resolve("pid"), deadPid + "\n");
        Files.writeString(lock.resolve("lease"), (System.currentTimeMillis() / 1000 - 60) + "\n");
        Files.writeString(lock.resolve("owner"), "owner=root\nbuild=crashed\npid=" + deadPid + "\n");
        Result status = host.remote("status", s.target());
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode shownLock = json(status).at("/hosts/0/lock");
        assertThat(shownLock.isNull() || shownLock.isMissingNode()).as("a killed run's record is no lock: %s", status.stdout()).isTrue();
        assertThat(json(status).at("/hosts/0/docker").asText()).isEqualTo("ok");
        Result r = deploy(s, "after-crash", api1, "--lock-wait", "5s");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(json(r).at("/hosts/0/warnings/0").asText()).contains("took over a stale lock").contains("build=crashed");
        assertThat(lock).doesNotExist();
    }

    /** The pid of a process that has exited (and been reaped). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aConnectionDroppedDuringTheUploadLeavesTheOldFilesAndNoLock() throws Exception {
        Setup s = host.setup("dropped", "secretsDir: " + host.work.resolve("dropped-secrets") + "\n");
        assertThat(deploy(s, "before", api1).exitCode()).isZero();
        String envBefore = host.read(s.project().resolve(".env"));

        // A large secret file keeps the upload on the wire long enough to cut it.
        Path secrets = Files.createDirectories(s.local().resolve("secrets"));
        byte[] big = new byte[96 * 1024 * 1024];
        Files.write(secrets.resolve("blob"), big);
        Path runs = s.project().resolve(".inventiv/runs");
        RemoteFixture.Running engine = host.startEngine(deployArgs(s, "cut", api2, "--secrets-dir", secrets.toString()));
        RemoteFixture.await("the upload to start", Duration.ofSeconds(90), () -> partialUploads(runs) > 0);
        host.sshd.dropConnections();
        assertThat(engine.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(engine.process().exitValue()).as(engine.output()).isEqualTo(1);
        assertThat(engine.output()).contains("connection to").contains("lost");
        assertThat(host.read(s.project().resolve(".env"))).isEqualTo(envBefore);
        assertThat(s.project().resolve(".inventiv/lock")).doesNotExist();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")))).hasSize(1);

        Result next = deploy(s, "after", api2);
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
    }

    static long partialUploads(Path runs) {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> l = Files.list(runs)) {
            return l.filter(p -> p.getFileName().toString().startsWith(".part.")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
