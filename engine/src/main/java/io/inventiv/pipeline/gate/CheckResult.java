package io.inventiv.pipeline.gate;

import java.time.Duration;
import java.util.List;

/**
 * What one check left: its status, wall time, exit code (null when it did not exit on its own),
 * why it failed or was skipped, and the last lines of its output for the JUnit failure.
 */
public record CheckResult(String name, CheckStatus status, Duration duration, Integer exitCode, String reason,
        List<String> tail) {

    public CheckResult {
        tail = List.copyOf(tail == null ? List.of() : tail);
    }

    public static CheckResult skipped(String name, String reason) {
        return new CheckResult(name, CheckStatus.SKIPPED, Duration.ZERO, null, reason, List.of());
    }

    public boolean passed() {
        return status == CheckStatus.PASSED;
    }
}
