package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.Platform;

/**
 * Checks that an npm lockfile carries the native build of a package for the image's platform
 * ({@code lightningcss} → {@code lightningcss-linux-arm64-gnu} for linux/arm64). npm records
 * only the optional native packages of the platform the lockfile was written on, so a lockfile
 * from a laptop passes on the agent and breaks inside the ARM64 image build; this catches it first.
 */
public final class LockfileCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One package entry of the lockfile: where, its version, and its pinned optional dependencies. */
    private record Entry(String name, String version, JsonNode optionalDependencies) {
    }

    /**
     * @param name          the package whose native build is needed, e.g. lightningcss
     * @param version       its version in the lockfile, or null when it is not a dependency at all
     * @param nativePackage the platform's native package, e.g. lightningcss-linux-arm64-gnu
     * @param nativeVersion the version that must be in the lockfile next to it
     * @param status        present, missing, or notUsed
     */
    public record Finding(String name, String version, String nativePackage, String nativeVersion, String status) {
    }

    public record Report(String lockfile, String platform, List<Finding> packages, boolean ok) {
    }

    public Report check(Path lockfile, String platform, String libc, List<String> packages) {
        String suffix = nativeSuffix(platform, libc);
        List<Entry> entries = entries(read(lockfile), lockfile);
        List<Finding> findings = new ArrayList<>();
        for (String pkg : packages) {
            if (pkg.isBlank()) {
                throw UsageException.field("--package", "empty", "give an npm package name, e.g. lightningcss");
            }
            String nativeName = pkg + "-" + suffix;
            List<Entry> uses = entries.stream().filter(e -> e.name().equals(pkg)).toList();
            if (uses.isEmpty()) {
                findings.add(new Finding(pkg, null, nativeName, null, "notUsed"));
            }
            for (Entry use : uses) {
                String wanted = use.optionalDependencies() != null && use.optionalDependencies().has(nativeName)
                        ? use.optionalDependencies().get(nativeName).asText() : use.version();
                boolean present = entries.stream()
                        .anyMatch(e -> e.name().equals(nativeName) && wanted != null && wanted.equals(e.version()));
                findings.add(new Finding(pkg, use.version(), nativeName, wanted, present ? "present" : "missing"));
            }
        }
        List<Finding> unique = findings.stream().distinct().toList();
        return new Report(lockfile.toString(), platform, unique, unique.stream().noneMatch(f -> f.status().equals("missing")));
    }

    /** npm's suffix for a platform's native package: linux-arm64-gnu, linux-x64-musl, linux-arm-gnueabihf. */
    static String nativeSuffix(String platform, String libc) {
        if (!libc.equals("gnu") && !libc.equals("musl")) {
            throw UsageException.field("--libc", "'" + libc + "' is not gnu or musl", "use musl for Alpine-based images, else gnu");
        }
        Platform p = Platform.parse(platform, "--platform");
        String cpu = switch (p.os() + "/" + p.architecture()) {
            case "linux/arm64" -> "arm64";
            case "linux/amd64" -> "x64";
            case "linux/arm" -> "arm";
            default -> throw UsageException.field("--platform", "'" + platform + "' is not a supported image platform",
                    "use linux/arm64, linux/amd64 or linux/arm/v7");
        };
        if (cpu.equals("arm")) {
            return "linux-arm-" + (libc.equals("gnu") ? "gnueabihf" : "musleabihf");
        }
        return "linux-" + cpu + "-" + libc;
    }

    private static JsonNode read(Path lockfile) {
        if (!Files.isRegularFile(lockfile)) {
            throw UsageException.field("--lockfile", lockfile + " does not exist",
                    "commit the package-lock.json (npm ci needs it) or fix the path");
        }
        try {
            return JSON.readTree(Files.readString(lockfile, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw UsageException.field("--lockfile", lockfile + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", "regenerate it with npm install");
        } catch (IOException e) {
            throw UsageException.field("--lockfile", lockfile + " cannot be read: " + e.getMessage(), "check its permissions");
        }
    }

    /** Every package entry: lockfile v2/v3 keep a flat "packages" map, v1 a nested "dependencies" tree. */
    private static List<Entry> entries(JsonNode root, Path lockfile) {
        List<Entry> out = new ArrayList<>();
        JsonNode packages = root == null ? null : root.get("packages");
        if (packages != null && packages.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                int at = e.getKey().lastIndexOf("node_modules/");
                if (at >= 0) {
                    JsonNode v = e.getValue();
                    out.add(new Entry(e.getKey().substring(at + "node_modules/".length()), text(v.get("version")),
                            v.get("optionalDependencies")));
                }
            }
            return out;
        }
        JsonNode deps = root == null ? null : root.get("dependencies");
        if (deps == null || !deps.isObject()) {
            throw UsageException.field("--lockfile", lockfile + " has neither 'packages' nor 'dependencies'",
                    "give an npm package-lock.json");
        }
        collectV1(deps, out);
        return out;
    }

    private static void collectV1(JsonNode deps, List<Entry> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new Entry(e.getKey(), text(e.getValue().get("version")), null));
            JsonNode nested = e.getValue().get("dependencies");
            if (nested != null && nested.isObject()) {
                collectV1(nested, out);
            }
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
