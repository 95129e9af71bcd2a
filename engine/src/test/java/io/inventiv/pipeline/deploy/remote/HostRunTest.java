package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The protocol parser believes only lines marked with the run's nonce. */
class HostRunTest {
    static final String NONCE = "00112233445566778899aabbccddeeff";
    static final String OTHER = "ffeeddccbbaa99887766554433221100";

    @Test
    void unmarkedOrWronglyMarkedLinesAreToolOutput() {
        HostRun.State s = new HostRun.State(NONCE);
        assertThat(s.read("@@exit 0")).isNull();
        assertThat(s.read("@@verified api x@sha256:00")).isNull();
        assertThat(s.read("@@" + OTHER + " exit 0")).isNull();
        assertThat(s.read("@@" + NONCE + "exit 0")).isNull();
        assertThat(s.exit).isNull();
        assertThat(s.verified).isEmpty();

        assertThat(s.read("@@" + NONCE + " verified api r@sha256:11")).isEqualTo("verified api r@sha256:11");
        assertThat(s.read("@@" + NONCE + " exit 3")).isEqualTo("exit 3");
        assertThat(s.verified).containsExactly("api r@sha256:11");
        assertThat(s.exit).isEqualTo(3);
    }

    @Test
    void onReattachingTheStartingEnginesNonceIsBelievedToo() {
        HostRun.State s = new HostRun.State(NONCE);
        // An attach line needs this engine's nonce: a forged one adds nothing.
        s.read("@@attach 12 " + OTHER);
        assertThat(s.read("@@" + OTHER + " exit 0")).isNull();

        s.read("@@" + NONCE + " attach 12 " + OTHER);
        assertThat(s.attached).isTrue();
        assertThat(s.read("@@" + OTHER + " exit 0")).isEqualTo("exit 0");
        assertThat(s.exit).isZero();
        // A later fallback status from launch.sh does not overrule the run's own.
        assertThat(s.read("@@" + NONCE + " exit 1")).isEqualTo("exit 1");
        assertThat(s.exit).isZero();
    }

    @Test
    void aFailureRunsTheNewReleaseOnlyOnceUpHasRunAndNoRollbackFollowed() {
        HostRun.State s = new HostRun.State(NONCE);
        s.read("@@" + NONCE + " step pull");
        assertThat(s.swapped).isFalse();
        assertThat(HostRun.running(1, "failed", s.swapped)).isEqualTo("previous");
        s.read("@@step up");
        assertThat(s.swapped).as("a forged step line").isFalse();
        s.read("@@" + NONCE + " step up");
        s.read("@@" + NONCE + " step verify");
        assertThat(s.swapped).isTrue();
        assertThat(HostRun.running(1, "failed", s.swapped)).isEqualTo("new");
        assertThat(HostRun.running(0, "ok", false)).isEqualTo("new");
        assertThat(HostRun.running(1, "rolled-back", true)).isEqualTo("previous");
        assertThat(HostRun.running(3, "lock-held", false)).isEqualTo("previous");
        assertThat(HostRun.running(1, "rollback-failed", true)).isEqualTo("unknown");
        assertThat(HostRun.running(null, "failed", false)).as("no status: the run goes on on the host").isEqualTo("unknown");
    }
}
