package io.inventiv.pipeline.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * argv of the fallback when {@code docker buildx} is absent: the daemon's built-in BuildKit
 * ({@code DOCKER_BUILDKIT=1 docker build}) for exactly one platform, then {@code docker push}
 * of each tag. No registry cache: that needs buildx.
 */
public final class BuildkitCommand {
    /** Set in the environment of {@link #build}: without it docker 20.10 uses the legacy builder. */
    public static final Map<String, String> ENV = Map.of("DOCKER_BUILDKIT", "1");

    private final String docker;

    public BuildkitCommand(String docker) {
        this.docker = docker;
    }

    public List<String> build(BuildRequest r, ImageSpec image) {
        if (r.platforms().size() != 1) {
            throw new IllegalArgumentException("docker build takes exactly one platform");
        }
        List<String> argv = new ArrayList<>(List.of(docker, "build",
                "--platform", r.platforms().get(0).toString(),
                "--file", image.dockerfile().toString()));
        argv.addAll(CommonBuildFlags.of(r, image));
        argv.add("--progress=plain");
        argv.add(image.context().toString());
        return List.copyOf(argv);
    }

    public List<String> push(String taggedRef) {
        return List.of(docker, "push", taggedRef);
    }
}
