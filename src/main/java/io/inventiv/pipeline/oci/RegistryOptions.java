package io.inventiv.pipeline.oci;

import java.nio.file.Path;
import java.util.List;

/**
 * How to reach registries: a CA file for TLS, the hosts allowed over plain http besides
 * loopback (--insecure-registry). API skeleton (issue 2).
 */
public record RegistryOptions(Path caFile, List<String> insecureRegistries) {
    public static RegistryOptions defaults() {
        return new RegistryOptions(null, List.of());
    }
}
