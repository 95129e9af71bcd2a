package io.inventiv.pipeline.gate;

import java.util.Locale;

import io.inventiv.pipeline.UsageException;

/**
 * Where one copy of the version lives: a file and how to find the version in it, a TOML key
 * ({@code package.version}), a JSON key ({@code version}) or a regular expression whose
 * {@code version} group (else first group, else whole match) is the version.
 *
 * @param origin where it was declared ({@code --toml}, {@code versions.yaml: sources[1]}), for messages
 */
public record VersionSource(String path, Kind kind, String selector, String origin) {

    public enum Kind {
        TOML, JSON, REGEX;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses a {@code PATH=SELECTOR} flag value. */
    public static VersionSource fromFlag(String flag, Kind kind, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            String example = switch (kind) {
                case TOML -> "agent/Cargo.toml=package.version";
                case JSON -> "frontend/package.json=version";
                case REGEX -> "agent/src/version.rs=VERSION: &str = \"([^\"]+)\"";
            };
            throw UsageException.field(flag, "'" + value + "' is not PATH=" + (kind == Kind.REGEX ? "REGEX" : "KEY"),
                    "e.g. " + flag + " '" + example + "'");
        }
        return new VersionSource(value.substring(0, eq), kind, value.substring(eq + 1), flag + " " + value.substring(0, eq));
    }
}
