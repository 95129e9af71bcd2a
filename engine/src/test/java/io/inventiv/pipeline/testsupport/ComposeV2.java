package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compose v2, the `docker compose` plugin the team's VMs run. Debian bookworm ships only v1, so
 * scripts/lib/provision.sh (provision_compose_v2) extracts trixie's static plugin into a private
 * directory without installing it: `docker compose` answers v2 only where a test hands out a
 * DOCKER_CONFIG from {@link #dockerConfig}, and bookworm's v1 `docker-compose` stays what the
 * other tests run.
 */
public final class ComposeV2 {
    private static final String PLUGIN = "usr/libexec/docker/cli-plugins/docker-compose";

    private ComposeV2() {
    }

    /** $INVENTIV_COMPOSE_V2_DIR, else /opt/inventiv-test/compose-v2 (provision.sh uses the same). */
    public static Path root() {
        String d = System.getenv("INVENTIV_COMPOSE_V2_DIR");
        return d != null && !d.isBlank() ? Path.of(d) : Path.of("/opt/inventiv-test/compose-v2");
    }

    /** The v2 plugin binary; fails (never skips) with the command that provisions it. */
    public static Path plugin() {
        Path bin = root().resolve(PLUGIN);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("compose v2 is not provisioned: no " + bin + "; run (as root, from the "
                    + "repository root) `bash -c '. scripts/lib/provision.sh && provision_compose_v2'` "
                    + "(scripts/test does it)");
        }
        return bin;
    }

    /**
     * A new DOCKER_CONFIG directory under {@code parent} whose cli-plugins/docker-compose links to
     * the v2 plugin: the docker CLI run with it answers `docker compose` with v2.
     */
    public static Path dockerConfig(Path parent) {
        Path plugin = plugin();
        try {
            Path config = Files.createTempDirectory(parent, "docker-config-v2");
            Path plugins = Files.createDirectories(config.resolve("cli-plugins"));
            Files.createSymbolicLink(plugins.resolve("docker-compose"), plugin);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What `docker compose ARGS` printed, stdout and stderr apart (v2 logs its warnings to stderr). */
    public record Output(int exitCode, String stdout, String stderr) {
    }

    /** Runs `/usr/bin/docker compose ARGS` in {@code dir} with {@code dockerConfig}, waited for. */
    public static Output run(Path dockerConfig, Path dir, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "compose"));
        argv.addAll(args);
        try {
            Path err = Files.createTempFile("compose-v2-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectError(err.toFile());
                pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
                Process p = pb.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(argv + " did not finish");
                }
                return new Output(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
