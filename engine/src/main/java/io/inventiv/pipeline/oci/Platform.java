package io.inventiv.pipeline.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/** An OCI platform such as {@code linux/arm64} or {@code linux/arm/v7}. */
public record Platform(String os, String architecture, String variant) {
    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public Platform {
        variant = variant == null || variant.isEmpty() ? null : variant;
    }

    /** Parses {@code os/arch[/variant]}; throws UsageException naming the problem otherwise. */
    public static Platform parse(String text) {
        return parse(text, "platform");
    }

    public static Platform parse(String text, String field) {
        String fix = "write it as os/arch[/variant], e.g. linux/arm64 or linux/arm/v7";
        if (text == null || text.isBlank()) {
            throw UsageException.field(field, "is empty", fix);
        }
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw UsageException.field(field, "'" + text + "' is not os/arch[/variant]", fix);
        }
        for (String p : parts) {
            if (!PART.matcher(p).matches()) {
                throw UsageException.field(field, "'" + text + "' has an empty or malformed part '" + p + "'", fix);
            }
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** The operating systems and architectures of Go's GOOS/GOARCH lists, which image indexes use. */
    private static final java.util.Set<String> OSES = java.util.Set.of("linux", "windows", "darwin", "freebsd", "netbsd",
            "openbsd", "solaris", "illumos", "aix", "android", "ios", "plan9", "dragonfly", "js", "wasip1");
    private static final java.util.Set<String> ARCHES = java.util.Set.of("386", "amd64", "arm", "arm64", "loong64", "mips",
            "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm");

    /** A platform an image can have: a typo in a required platform would fail every promote later, so it fails now. */
    public static Platform parseKnown(String text, String field) {
        Platform p = parse(text, field);
        if (!OSES.contains(p.os) || !ARCHES.contains(p.architecture)) {
            throw UsageException.field(field, "'" + text + "' is not a platform images are built for",
                    "write os/arch[/variant] with Go's names, e.g. linux/arm64, linux/amd64 or linux/arm/v7");
        }
        return p;
    }

    /**
     * Whether an image of platform {@code actual} satisfies this requirement. Without a
     * variant any variant matches; arm64's only variant v8 is also what an empty variant means.
     */
    public boolean isSatisfiedBy(Platform actual) {
        if (!os.equals(actual.os) || !architecture.equals(actual.architecture)) {
            return false;
        }
        return variant == null || variant.equals(normalisedVariant(actual));
    }

    private String normalisedVariant(Platform p) {
        if (p.variant == null && "arm64".equals(p.architecture) && "v8".equals(variant)) {
            return "v8";
        }
        return p.variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    // Written out, like ImageRef's: the generated ones bootstrap ObjectMethods on first use.
    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && Objects.equals(os, p.os) && Objects.equals(architecture, p.architecture)
                && Objects.equals(variant, p.variant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(os, architecture, variant);
    }
}
