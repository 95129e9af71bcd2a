package io.inventiv.pipeline.build;

import java.util.Arrays;
import java.util.Locale;

import io.inventiv.pipeline.UsageException;

/**
 * Which buildx driver a build asks for. {@code auto} starts the named docker-container builder
 * and falls back to the docker driver (the daemon's own BuildKit) when it cannot start, e.g.
 * when moby/buildkit cannot be pulled; the docker driver builds one platform and exports no cache.
 */
public enum BuildxDriver {
    AUTO, DOCKER_CONTAINER, DOCKER;

    /** The name on the command line and in the JSON: {@code auto}, {@code docker-container}, {@code docker}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BuildxDriver parse(String value, String option) {
        return Arrays.stream(values()).filter(d -> d.cliName().equals(value.strip())).findFirst()
                .orElseThrow(() -> UsageException.field(option, "'" + value + "' is not a buildx driver",
                        "use auto, docker-container or docker"));
    }
}
