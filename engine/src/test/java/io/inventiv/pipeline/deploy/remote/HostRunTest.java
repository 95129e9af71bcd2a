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
}
