package io.inventiv.pipeline.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * argv of the {@code docker buildx} calls, as data. The builder is a named docker-container
 * builder that is created once and reused (a fresh builder per build would throw the layer
 * cache away on a long-lived agent); it is passed with --builder, never made the global default.
 */
public final class BuildxCommand {
    private final String docker;

    public BuildxCommand(String docker) {
        this.docker = docker;
    }

    public List<String> version() {
        return List.of(docker, "buildx", "version");
    }

    public List<String> inspectBuilder(String name) {
        return List.of(docker, "buildx", "inspect", name);
    }

    public List<String> createBuilder(String name) {
        return List.of(docker, "buildx", "create", "--name", name, "--driver", "docker-container");
    }

    public List<String> build(BuildRequest r, ImageSpec image, Path metadataFile) {
        List<String> argv = new ArrayList<>(List.of(docker, "buildx", "build",
                "--builder", r.builderName(),
                "--platform", Platforms.join(r.platforms()),
                "--file", image.dockerfile().toString()));
        argv.addAll(CommonBuildFlags.of(r, image));
        if (r.registryCache()) {
            String cacheRef = ImageNames.tagged(image.repository(), r.cacheTag());
            argv.addAll(List.of("--cache-from", "type=registry,ref=" + cacheRef));
            if (r.cacheTo()) {
                argv.addAll(List.of("--cache-to", "type=registry,ref=" + cacheRef + ",mode=max"));
            }
        }
        // Default provenance makes GHCR list unknown/unknown platforms beside the real ones.
        argv.add("--provenance=" + r.provenance());
        argv.add("--sbom=" + r.sbom());
        argv.addAll(List.of("--metadata-file", metadataFile.toString()));
        argv.add(r.push() ? "--push" : "--load");
        argv.add("--progress=plain");
        argv.add(image.context().toString());
        return List.copyOf(argv);
    }
}
