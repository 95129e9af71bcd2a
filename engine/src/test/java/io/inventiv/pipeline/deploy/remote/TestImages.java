package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * Tiny FROM-scratch images built with the test dockerd (a static busybox from Debian's
 * busybox-static and a marker file), pushed to the test registry, then removed locally so a
 * deploy has to pull them. Returns {@code repo@sha256:…} references.
 */
final class TestImages {
    /** PID 1 that stops promptly on TERM, so compose recreates take a second, not ten. */
    private static final String LOOP = "[\"/bin/busybox\",\"sh\",\"-c\",\"/bin/busybox cat /version; trap 'exit 0' TERM; while :; do /bin/busybox sleep 1; done\"]";

    private final DockerDaemon docker;
    private final RegistryServer registry;
    private final Path work;

    TestImages(DockerDaemon docker, RegistryServer registry, Path work) {
        this.docker = docker;
        this.registry = registry;
        this.work = work;
    }

    /** A running image: busybox, /version holding the marker, /healthy unless unhealthy. */
    String build(String repo, String marker, boolean healthy) {
        return build(repo, marker, healthy, true, LOOP);
    }

    /** An image whose entrypoint does not exist: its container cannot start, so {@code up -d} fails. */
    String buildBroken(String repo, String marker) {
        return build(repo, marker, false, false, "[\"/bin/missing\"]");
    }

    /** An image whose container starts and exits at once: {@code up -d} succeeds, the service is not running. */
    String buildExiting(String repo, String marker) {
        return build(repo, marker, true, true, "[\"/bin/busybox\",\"true\"]");
    }

    private String build(String repo, String marker, boolean healthy, boolean runnable, String cmd) {
        try {
            Path ctx = Files.createTempDirectory(work, "img");
            Files.writeString(ctx.resolve("version"), marker + "\n");
            StringBuilder df = new StringBuilder("FROM scratch\nCOPY version /version\n");
            if (runnable) {
                Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
                df.append("COPY busybox /bin/busybox\n");
            }
            if (healthy) {
                Files.writeString(ctx.resolve("healthy"), "ok\n");
                df.append("COPY healthy /healthy\n");
            }
            df.append("CMD ").append(cmd).append('\n');
            Files.writeString(ctx.resolve("Dockerfile"), df.toString());
            String tag = registry.host() + "/" + repo + ":" + marker;
            docker(List.of("build", "-q", "--network", "none", "-t", tag, ctx.toString()));
            docker(List.of("push", tag));
            String digest = docker(List.of("image", "inspect", "-f", "{{index .RepoDigests 0}}", tag)).strip();
            docker(List.of("image", "rm", tag));
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String docker(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "-H", docker.host()));
        argv.addAll(args);
        return Processes.run(argv);
    }

    static Map<String, String> env(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String) kv[i + 1]);
        }
        return m;
    }
}
