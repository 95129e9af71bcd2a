package io.inventiv.pipeline.deploy.remote;

import io.inventiv.pipeline.UsageException;

/**
 * Checks for values that travel to the host. Paths and names used by the host script are held
 * to a safe alphabet (refused by name otherwise); free text (build, environment) may hold
 * anything printable, since the host only ever handles it quoted, as data.
 */
final class HostFields {
    private static final String PATH = "/[A-Za-z0-9._/-]*";
    static final String NAME = "[A-Za-z0-9_][A-Za-z0-9._-]{0,99}";

    private HostFields() {
    }

    static String path(String field, String value) {
        if (value == null || !value.matches(PATH) || value.contains("/../") || value.endsWith("/..")) {
            throw UsageException.field(field, "'" + value + "' is not an absolute path of letters, digits, '.', '_', '-' and '/'",
                    "use a plain path such as /opt/inventiv");
        }
        return value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    static String name(String field, String value) {
        if (value == null || !value.matches(NAME)) {
            throw UsageException.field(field, "'" + value + "' is not a plain file name",
                    "use letters, digits, '.', '_' or '-', not starting with '.'");
        }
        return value;
    }

    /** One line of printable text: tabs and line breaks would corrupt the host's audit log. */
    static String text(String field, String value) {
        if (value == null) {
            return "";
        }
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw UsageException.field(field, "contains a control character (newline, tab, …)",
                        "use a single line of printable text");
            }
        }
        if (value.length() > 200) {
            throw UsageException.field(field, "is longer than 200 characters", "shorten it");
        }
        return value;
    }

    /** A command run on the host (hook, health check): anything a shell takes except NUL. */
    static String command(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw UsageException.field(field, "contains a NUL byte", "remove it");
        }
        return value == null ? "" : value;
    }
}
