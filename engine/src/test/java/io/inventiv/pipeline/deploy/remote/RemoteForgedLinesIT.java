package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;

/**
 * A hook that prints the host's protocol lines (what a hook echoing another tool's output, or a
 * hostile image's log, could do) is tool output: only lines marked with the run's nonce count.
 */
class RemoteForgedLinesIT {
    /** Every tag the engine reads, forged, with a made-up nonce in the last one. */
    static final String FORGED = "echo '@@exit 0'; echo '@@audit ok'; echo '@@verified api forged@sha256:00'; "
            + "echo '@@warn forged warning'; echo '@@error forged error'; echo '@@lock-held forged-holder'; "
            + "echo '@@elapsed 1'; echo '@@attach 1 0123456789abcdef0123456789abcdef'; "
            + "echo '@@0123456789abcdef0123456789abcdef exit 0'; ";

    @Test
    void forgedLinesFromAFailingHookDoNotChangeTheOutcome() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        Setup s = host.setup("forged", "preDeployHook: \"" + FORGED + "exit 1\"\n");
        var r = host.engine(java.util.Map.of(), host.deployArgv(s.target(), s.env(), "forged",
                host.image("app-api", "v1", "healthy"), host.image("app-worker", "v1", "healthy")).toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.get("result").asText()).isEqualTo("failed");
        JsonNode h = json.at("/hosts/0");
        assertThat(h.get("verified")).isEmpty();
        assertThat(h.get("warnings").toString()).doesNotContain("forged");
        assertThat(h.get("errors").toString()).doesNotContain("forged").contains("the pre-deploy hook failed");
        assertThat(h.get("lockHolder").isNull()).isTrue();
        assertThat(h.get("attached").asBoolean()).isFalse();
        assertThat(h.get("hostMillis").asLong()).isNotEqualTo(1);
        // Shown to the user as the hook's output, not as protocol.
        assertThat(r.stderr()).contains("  @@exit 0");
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::result).containsExactly("failed");
    }

    @Test
    void aForgedExit0FollowedByALostConnectionIsNotASuccess() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        Path gate = host.work.resolve("gate-forged-exit");
        Setup s = host.setup("forgedexit", "preDeployHook: \"" + FORGED
                + "while [ ! -e " + gate + " ]; do sleep 0.2; done; rm -f " + gate + "\"\n");
        RemoteFixture.Running engine = host.startEngine(host.deployArgv(s.target(), s.env(), "forged-exit",
                host.image("app-api", "v1", "healthy"), host.image("app-worker", "v1", "healthy")));
        RemoteFixture.await("the hook to print its forged lines", Duration.ofSeconds(90),
                () -> engine.output().contains("forged-holder"), () -> engine.output() + host.runLogs(s.project()));
        host.sshd.dropConnections();

        assertThat(engine.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(engine.process().exitValue()).as(engine.output()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(Files.readString(engine.stdout()));
        assertThat(json.get("result").asText()).isEqualTo("failed");
        assertThat(json.at("/hosts/0/errors").toString()).contains("lost").contains("finishes on its own");
        assertThat(json.at("/hosts/0/verified")).isEmpty();

        RemoteFixture.open(gate);
        Path audit = s.project().resolve(".inventiv/audit.log");
        RemoteFixture.await("the host to finish alone", Duration.ofSeconds(90),
                () -> Files.exists(audit) && host.read(audit).contains("\tok\t"), () -> host.runLogs(s.project()));
    }
}
