package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;

/**
 * The deploy lock's lease, renewed by the host-side run for as long as it lives: with a 3 s
 * lease and a pre-deploy hook that holds the run for several leases, the lease never runs out
 * and a second deploy started meanwhile waits, does not take the lock over, and exits 3.
 */
class RemoteLeaseIT {
    static final int LEASE = 3;

    @Test
    void theHostSideRunRenewsItsLeaseSoADeployOutlivingTheLeaseKeepsTheLock() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker1 = host.image("app-worker", "v1", "healthy");
        Path gate = host.work.resolve("gate-lease");
        Setup s = host.setup("lease", RemoteFixture.gateHook(gate));
        Path target = s.local().resolve("short-lease.yml");
        Files.writeString(target, host.read(s.target()).replace("timeouts:\n", "timeouts:\n  lease: " + LEASE + "s\n"));

        RemoteFixture.Running holder = host.startEngine(host.argv("deploy", target, "--env-file", s.env().toString(),
                "--build", "holder", "--image", "api=" + api1, "--image", "worker=" + worker1));
        Path lock = s.project().resolve(".inventiv/lock");
        Path lease = lock.resolve("lease");
        RemoteFixture.await("the holder to take the lock", Duration.ofSeconds(90), () -> Files.isRegularFile(lease),
                () -> holder.output() + host.runLogs(s.project()));

        RemoteFixture.Running second = host.startEngine(host.argv("deploy", target, "--env-file", s.env().toString(),
                "--build", "second", "--image", "api=" + api2, "--image", "worker=" + worker1, "--lock-wait", "4s"));

        // Watch the lease for three lease lengths while the hook holds the run: it is always in
        // the future, and it moves on.
        List<Long> seen = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3L * LEASE);
        while (System.nanoTime() < end) {
            long now = System.currentTimeMillis() / 1000;
            Long value = leaseValue(lease);
            if (value != null) {
                assertThat(value).as("lease at %d s", now).isGreaterThanOrEqualTo(now);
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
                    seen.add(value);
                }
            }
            Thread.sleep(200);
        }
        assertThat(seen).as("lease values seen").hasSizeGreaterThanOrEqualTo(3).isSorted();
        assertThat(seen.get(seen.size() - 1) - seen.get(0)).isGreaterThanOrEqualTo(2L * LEASE - 1);

        assertThat(second.process().waitFor(2, TimeUnit.MINUTES)).as(second::output).isTrue();
        assertThat(second.process().exitValue()).as(second.output()).isEqualTo(3);
        JsonNode json = new ObjectMapper().readTree(Files.readString(second.stdout()));
        assertThat(json.get("result").asText()).isEqualTo("lock-held");
        assertThat(json.at("/hosts/0/lockHolder").asText()).contains("build=holder");
        assertThat(json.at("/hosts/0/warnings").toString()).doesNotContain("took over");
        assertThat(lock.resolve("owner")).content().contains("build=holder");
        var status = host.remote("status", target);
        assertThat(new ObjectMapper().readTree(status.stdout()).at("/hosts/0/lock").asText()).as(status.all())
                .contains("build=holder");

        RemoteFixture.open(gate);
        assertThat(holder.process().waitFor(3, TimeUnit.MINUTES)).as(holder::output).isTrue();
        assertThat(holder.process().exitValue()).as(() -> holder.output() + host.runLogs(s.project())).isZero();
        assertThat(holder.output()).doesNotContain("took over");
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::build).containsExactly("holder");
        assertThat(lock).doesNotExist();
    }

    /** The lease file's epoch seconds, or null while it is being replaced. */
    static Long leaseValue(Path lease) {
        try {
            String text = Files.readString(lease).strip();
            return text.isEmpty() ? null : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
