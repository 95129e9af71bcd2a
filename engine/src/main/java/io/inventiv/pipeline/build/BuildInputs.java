package io.inventiv.pipeline.build;

import java.util.List;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * The build flags that docker reads but the engine only passes on, checked before docker runs:
 * what docker would refuse halfway through a build (or quietly take as something else) is
 * refused up front, by flag name.
 */
public final class BuildInputs {
    /** The networks {@code docker build --network} and {@code buildx build --network} take for RUN steps. */
    public static final List<String> NETWORKS = List.of("default", "none", "host");
    private static final Pattern BUILDER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern ARG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private BuildInputs() {
    }

    public static String network(String value) {
        if (value != null && !NETWORKS.contains(value)) {
            throw UsageException.field("--network", "'" + printable(value) + "' is not a build network",
                    "use one of " + String.join(", ", NETWORKS));
        }
        return value;
    }

    public static String builderName(String value) {
        if (value == null || !BUILDER.matcher(value).matches()) {
            throw UsageException.field("--builder-name", "'" + printable(value) + "' is not a buildx builder name",
                    "use letters, digits, '.', '_' and '-', e.g. inventiv");
        }
        return value;
    }

    /** A branch name as {@code git check-ref-format --branch} takes it. */
    public static String branch(String field, String value) {
        String v = value == null ? "" : value;
        boolean bad = v.isEmpty() || v.startsWith("-") || v.startsWith("/") || v.endsWith("/") || v.endsWith(".")
                || v.endsWith(".lock") || v.contains("..") || v.contains("//") || v.contains("@{") || v.equals("@")
                || v.chars().anyMatch(c -> c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0);
        if (bad) {
            throw UsageException.field(field, "'" + printable(v) + "' is not a git branch name", "e.g. " + field + " main");
        }
        return v;
    }

    public static ImageRef image(String field, String value) {
        return ImageRef.parse(value == null ? "" : value, field);
    }

    /** KEY or KEY=VALUE on one line: a line break would split the argument docker sees. */
    public static String buildArg(String arg) {
        int eq = arg.indexOf('=');
        String key = eq < 0 ? arg : arg.substring(0, eq);
        if (!ARG_KEY.matcher(key).matches()) {
            throw UsageException.field("--build-arg", "'" + printable(arg) + "' is not KEY or KEY=VALUE",
                    "write e.g. --build-arg RUST_LOG=info");
        }
        if (arg.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw UsageException.field("--build-arg " + key, "the value holds a line break or another control character",
                    "pass one line; a file's content belongs in the build context or a --secret");
        }
        return arg;
    }

    /** KEY=VALUE on one line. */
    public static String label(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0 || kv.substring(0, eq).isBlank()) {
            throw UsageException.field("--label", "'" + printable(kv) + "' is not KEY=VALUE", "write e.g. --label team=agents");
        }
        if (kv.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw UsageException.field("--label " + kv.substring(0, eq), "holds a line break or another control character",
                    "pass one line");
        }
        return kv;
    }

    /** Control characters escaped, so the message stays one readable line. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(c == '\n' ? "\\n" : c < ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
