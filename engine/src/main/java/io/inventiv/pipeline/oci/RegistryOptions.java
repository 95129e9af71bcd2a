package io.inventiv.pipeline.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach registries: a CA file for TLS, the hosts allowed over plain http besides
 * loopback (--insecure-registry), and the limits every call runs under. The defaults live here
 * and nowhere else; docs/oci.md quotes them.
 *
 * @param connectTimeout per connection attempt
 * @param callTimeout    per registry call, all retries included
 * @param maxAttempts    attempts per call on 429, 5xx and dropped connections
 */
public record RegistryOptions(Path caFile, List<String> insecureRegistries, Duration connectTimeout,
        Duration callTimeout, int maxAttempts) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public RegistryOptions {
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        maxAttempts = maxAttempts <= 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    }

    public RegistryOptions(Path caFile, List<String> insecureRegistries) {
        this(caFile, insecureRegistries, null, null, 0);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(null, List.of());
    }

    public RegistryOptions withCallTimeout(Duration timeout) {
        return new RegistryOptions(caFile, insecureRegistries, connectTimeout, timeout, maxAttempts);
    }
}
