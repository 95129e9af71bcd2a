package io.inventiv.pipeline.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * argv of the {@code docker buildx} calls, as data. The builder is a named docker-container
 * builder that is created once and reused (a fresh builder per build would throw the layer
 * cache away on a long-lived agent), or the docker driver's builder when that one cannot start
 * (BuildxBuilderChoice); it is passed with --builder, never made the global default.
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

    /** Starts the builder (pulling its image if needed) and prints what {@link #inspectBuilder} prints. */
    public List<String> bootstrapBuilder(String name) {
        return List.of(docker, "buildx", "inspect", name, "--bootstrap");
    }

    /** The current docker context's name, which is also its docker-driver builder's name. */
    public List<String> currentContext() {
        return List.of(docker, "context", "inspect", "--format", "{{.Name}}");
    }

    public List<String> build(BuildRequest r, ImageSpec image, Path metadataFile, BuildxBuilder builder) {
        List<String> argv = new ArrayList<>(List.of(docker, "buildx", "build",
                "--builder", builder.name(),
                "--platform", Platforms.join(r.platforms()),
                "--file", image.dockerfile().toString()));
        argv.addAll(CommonBuildFlags.of(r, image));
        if (r.registryCache()) {
            String cacheRef = ImageNames.tagged(image.repository(), r.cacheTag());
            argv.addAll(List.of("--cache-from", "type=registry,ref=" + cacheRef));
            // The docker driver refuses a cache export outright (it still imports one).
            if (r.cacheTo() && !builder.limited()) {
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
