package io.inventiv.pipeline.gate;

import java.time.Duration;
import java.util.List;

/**
 * What one check left: its status, wall time, exit code (null when it did not exit on its own),
 * why it failed or was skipped, the last lines of its output for the JUnit failure, and the
 * image it ran in (null on the agent).
 */
public record CheckResult(String name, CheckStatus status, Duration duration, Integer exitCode, String reason,
        List<String> tail, String image) {

    public CheckResult {
        tail = List.copyOf(tail == null ? List.of() : tail);
    }

    /** A check that ran (or would have run) on the agent. */
    public CheckResult(String name, CheckStatus status, Duration duration, Integer exitCode, String reason,
            List<String> tail) {
        this(name, status, duration, exitCode, reason, tail, null);
    }

    public static CheckResult skipped(String name, String reason) {
        return new CheckResult(name, CheckStatus.SKIPPED, Duration.ZERO, null, reason, List.of(), null);
    }

    public static CheckResult skipped(CheckSpec spec, String reason) {
        return new CheckResult(spec.name(), CheckStatus.SKIPPED, Duration.ZERO, null, reason, List.of(), imageOf(spec));
    }

    /** The image a check names, as the gate file wrote it; null on the agent. */
    static String imageOf(CheckSpec spec) {
        return spec.image() == null ? null : spec.image().reference();
    }

    public boolean passed() {
        return status == CheckStatus.PASSED;
    }
}
