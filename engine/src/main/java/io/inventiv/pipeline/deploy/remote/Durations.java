package io.inventiv.pipeline.deploy.remote;

import java.time.Duration;

import io.inventiv.pipeline.UsageException;

/** Durations as written in flags and target files: {@code 90}, {@code 90s}, {@code 5m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.matches("[0-9]{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (t.matches("[0-9]{1,6}[smh]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        throw UsageException.field(field, "'" + text + "' is not a duration", "write e.g. 90s, 5m or 1h");
    }

    /** The named timeout of a target, or the default. */
    static Duration of(java.util.Map<String, Duration> timeouts, String name, Duration fallback) {
        Duration d = timeouts == null ? null : timeouts.get(name);
        return d == null ? fallback : d;
    }
}
