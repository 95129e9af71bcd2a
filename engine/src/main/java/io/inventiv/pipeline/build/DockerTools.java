package io.inventiv.pipeline.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;

/**
 * The tools a build or push runs with: the docker client binary, the environment, the process
 * runner, where progress goes, and how to read the registry back after logging in.
 *
 * @param docker   docker client: --docker, else INVENTIV_DOCKER, else {@code docker} on PATH
 * @param registry makes the registry reader (credentials from the same environment as the login)
 */
public record DockerTools(String docker, Map<String, String> env, CommandRunner runner, OutputListener listener,
        Supplier<RegistryCheck> registry) {

    /** The docker client to run: explicit flag, then INVENTIV_DOCKER, then PATH. */
    public static String dockerBinary(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String fromEnv = env.get("INVENTIV_DOCKER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        return "docker";
    }

    /**
     * The CA dockerd trusts for the set's registry ({@code /etc/docker/certs.d/HOST/ca.crt}), so the
     * read-back trusts what the push trusted; null when there is none or the set spans registries.
     */
    public static Path daemonCa(java.util.List<ImageSpec> images) {
        java.util.Set<String> hosts = ImageSetBuilder.registries(images);
        if (hosts.size() != 1) {
            return null;
        }
        Path ca = Path.of("/etc/docker/certs.d", hosts.iterator().next(), "ca.crt");
        return Files.isReadable(ca) ? ca : null;
    }

    /** Hint for a failed BuildKit build: docker 23+ needs buildx even for DOCKER_BUILDKIT=1. */
    static String buildkitHint(String docker) {
        Path debian = Path.of("/usr/bin/docker");
        return "; docker 23+ clients need the buildx plugin for BuildKit: install docker-buildx-plugin"
                + (Files.isExecutable(debian) && !docker.equals(debian.toString())
                        ? ", or pass --docker " + debian + " (a 20.10 client with BuildKit built in)" : "");
    }
}
