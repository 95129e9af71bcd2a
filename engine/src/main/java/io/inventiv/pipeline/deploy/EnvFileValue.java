package io.inventiv.pipeline.deploy;

/**
 * One value in the env file, single-quoted so that compose v2 (compose-go: single quotes are
 * literal) and compose v1 (python-dotenv: expands {@code ${X}} and unescapes {@code \\} and
 * {@code \'} even inside single quotes) read the same characters. Values these two readings
 * would disagree on, or that a single-quoted line cannot hold, are refused: such secrets
 * belong in files under the secrets directory.
 */
public final class EnvFileValue {
    private EnvFileValue() {
    }

    /** Why this value cannot be written, in words that never repeat it, or null when it can. */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return "contains a line break";
            }
            if (c == 0) {
                return "contains a NUL character";
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return String.format("contains the control character U+%04X", (int) c);
            }
            if (c == '\'') {
                return "contains a single quote";
            }
            if (c == '\\' && (i == value.length() - 1 || value.charAt(i + 1) == '\\')) {
                return "contains a backslash at the end or a doubled backslash, which compose v1 and v2 read differently";
            }
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                return "contains '${', which compose v1 expands even inside single quotes";
            }
        }
        return null;
    }

    /** The {@code KEY='value'} line; the caller has checked {@link #problem} first. */
    static String line(String key, String value) {
        String p = problem(value);
        if (p != null) {
            throw new IllegalArgumentException(key + ": " + p);
        }
        return key + "='" + value + "'";
    }
}
