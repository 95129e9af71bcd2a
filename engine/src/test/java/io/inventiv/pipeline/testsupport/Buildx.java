package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real buildx: Debian bookworm has no buildx plugin, so scripts/lib/provision.sh (provision_buildx)
 * extracts trixie's docker-buildx into a private directory without installing it. `docker buildx`
 * exists only for a client run with a DOCKER_CONFIG from {@link #dockerConfig}; the machine's
 * global cli-plugins stay without it, so the BuildKit fallback stays testable too.
 */
public final class Buildx {
    private static final String PLUGIN = "usr/libexec/docker/cli-plugins/docker-buildx";

    private Buildx() {
    }

    /** $INVENTIV_BUILDX_DIR, else /opt/inventiv-test/buildx (provision.sh uses the same). */
    public static Path root() {
        String d = System.getenv("INVENTIV_BUILDX_DIR");
        return d != null && !d.isBlank() ? Path.of(d) : Path.of("/opt/inventiv-test/buildx");
    }

    /** The plugin binary; fails (never skips) with the command that provisions it. */
    public static Path plugin() {
        Path bin = root().resolve(PLUGIN);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("buildx is not provisioned: no " + bin + "; run (as root, from the "
                    + "repository root) `bash -c '. scripts/lib/provision.sh && provision_buildx'` (scripts/test does it)");
        }
        return bin;
    }

    /** Makes {@code config} a DOCKER_CONFIG whose cli-plugins/docker-buildx links to the plugin; returns it. */
    public static Path dockerConfig(Path config) {
        Path plugin = plugin();
        try {
            Path plugins = Files.createDirectories(config.resolve("cli-plugins"));
            Files.createSymbolicLink(plugins.resolve("docker-buildx"), plugin);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
