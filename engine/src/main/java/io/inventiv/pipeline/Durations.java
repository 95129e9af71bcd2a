package io.inventiv.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of every duration the engine reads, in flags and in files alike:
 * {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}, or parts in that order ({@code 1h30m}).
 * A unit is required (a bare {@code 90} could mean seconds or minutes), zero is refused, and so
 * is anything longer than {@link #MAX}: a typo like {@code 9999999999h} fails here, by name,
 * instead of overflowing a timer somewhere later.
 */
public final class Durations {
    /** The longest duration any flag or file may give. */
    public static final Duration MAX = Duration.ofHours(24);

    private static final Pattern SHAPE = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final String EXAMPLE = "write a number with a unit, e.g. 90s, 10m, 1h or 1h30m";

    private Durations() {
    }

    /** Parses {@code text}; a bad value is a {@link UsageException} naming {@code field}. */
    public static Duration parse(String field, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw UsageException.field(field, "'" + text + "' is not a duration", EXAMPLE);
        }
        Duration d = Duration.ZERO;
        try {
            d = d.plusHours(part(m.group(1))).plusMinutes(part(m.group(2)))
                    .plusSeconds(part(m.group(3))).plusMillis(part(m.group(4)));
        } catch (ArithmeticException | NumberFormatException e) {
            d = MAX.plusSeconds(1); // too many digits to even count: over the bound
        }
        if (d.isZero()) {
            throw UsageException.field(field, "'" + text + "' is zero", "give a positive duration, e.g. 90s");
        }
        if (d.compareTo(MAX) > 0) {
            throw UsageException.field(field, "'" + text + "' is longer than " + format(MAX) + ", the longest duration the engine takes",
                    "give at most " + format(MAX));
        }
        return d;
    }

    private static long part(String digits) {
        // more than 12 digits of any unit is far beyond MAX: refuse before Long overflows
        if (digits == null) {
            return 0;
        }
        if (digits.length() > 12) {
            throw new ArithmeticException("too long");
        }
        return Long.parseLong(digits);
    }

    /** The canonical text of {@code d} in this grammar: 500ms, 90s, 10m, 1h, 1h30m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }

    /** Human form of a measured duration, for messages and summaries: 850ms, 12.3s, 4m05s. */
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
