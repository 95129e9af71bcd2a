package io.inventiv.pipeline.gate;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/** Parses the short durations people write in gate files and flags: {@code 90}, {@code 90s}, {@code 10m}, {@code 1h}. */
public final class Durations {
    /** The longest duration taken: a week, far beyond any check, far below an overflow. */
    static final Duration MAX = Duration.ofDays(7);
    private static final Pattern SHAPE = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    public static Duration parse(String field, String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw UsageException.field(field, "'" + text + "' is not a duration",
                    "write a number with a unit, e.g. 90s, 10m or 1h");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            d = null;
        }
        // A deadline is now + the duration: anything near Long.MAX_VALUE nanoseconds overflows it.
        if (d == null || d.compareTo(MAX) > 0) {
            throw UsageException.field(field, "'" + text + "' is longer than " + MAX.toDays() + " days",
                    "give a duration up to " + MAX.toHours() + "h, e.g. 90s, 10m or 1h");
        }
        if (d.isZero()) {
            throw UsageException.field(field, "a timeout of zero would kill the check at once", "give a positive duration");
        }
        return d;
    }

    /** Human form for messages and the summary: 850ms, 12.3s, 4m05s. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
