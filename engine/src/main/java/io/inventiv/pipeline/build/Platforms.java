package io.inventiv.pipeline.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.Platform;

/**
 * The build platforms a user may ask for, parsed from {@code --platform linux/arm64,linux/amd64}.
 * Only platforms BuildKit and QEMU actually support are accepted, so a typo fails before any build.
 */
public final class Platforms {
    /** Canonical spelling → platform. {@code linux/arm64/v8} is the same as {@code linux/arm64}. */
    private static final Map<String, Platform> KNOWN = Map.of(
            "linux/arm64", new Platform("linux", "arm64", null),
            "linux/arm64/v8", new Platform("linux", "arm64", null),
            "linux/amd64", new Platform("linux", "amd64", null),
            "linux/arm/v7", new Platform("linux", "arm", "v7"),
            "linux/arm/v6", new Platform("linux", "arm", "v6"),
            "linux/386", new Platform("linux", "386", null),
            "linux/ppc64le", new Platform("linux", "ppc64le", null),
            "linux/s390x", new Platform("linux", "s390x", null),
            "linux/riscv64", new Platform("linux", "riscv64", null));

    public static final String DEFAULT = "linux/arm64";
    private static final String CHOICES = "linux/arm64, linux/amd64, linux/arm/v7, linux/arm/v6, linux/386, "
            + "linux/ppc64le, linux/s390x, linux/riscv64";

    private Platforms() {
    }

    /** Parses a comma-separated list (repeated flags are joined by the caller); duplicates collapse. */
    public static List<Platform> parse(List<String> values) {
        List<Platform> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String key = part.strip().toLowerCase(java.util.Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                Platform p = KNOWN.get(key);
                if (p == null) {
                    throw UsageException.field("--platform", "unknown platform '" + part.strip() + "'",
                            "use one of " + CHOICES);
                }
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw UsageException.field("--platform", "no platform given", "pass e.g. --platform " + DEFAULT);
        }
        return List.copyOf(out);
    }

    /** The platform this JVM runs on, in OCI spelling (for "is emulation needed"). */
    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "aarch64", "arm64" -> "arm64";
            case "amd64", "x86_64" -> "amd64";
            case "arm" -> "arm";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }

    /** Joined as buildx expects: {@code linux/arm64,linux/amd64}. */
    public static String join(List<Platform> platforms) {
        return String.join(",", platforms.stream().map(Platform::toString).toList());
    }
}
