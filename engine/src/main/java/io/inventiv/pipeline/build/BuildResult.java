package io.inventiv.pipeline.build;

import java.util.List;

/**
 * What {@code build} reports (its --json): each image with its digest, tags and platforms,
 * which builder ran, and whether the build was skipped because the images already existed.
 *
 * @param builder       {@code buildx} or {@code buildkit} (the fallback without the buildx plugin)
 * @param buildxBuilder the buildx builder that ran ({@code inventiv}, {@code default}); null without buildx or when skipped
 * @param driver        its driver ({@code docker-container}, {@code docker}); null likewise
 * @param notes         what the build left out and why (a cache not written, a builder that could not start)
 */
public record BuildResult(List<Image> images, String builder, String buildxBuilder, String driver, boolean skipped,
        List<String> notes) {

    public BuildResult {
        images = List.copyOf(images);
        notes = notes == null ? List.of() : notes;
    }

    /** A result without buildx details (the BuildKit fallback, or a skipped build). */
    public static BuildResult plain(List<Image> images, String builder, boolean skipped) {
        return new BuildResult(images, builder, null, null, skipped, List.of());
    }

    /**
     * @param image    repository without tag ({@code ghcr.io/o/app-api})
     * @param digest   manifest (or index) digest in the registry; null for a local, unpushed build
     */
    public record Image(String name, String image, String digest, List<String> tags, List<String> platforms) {
    }
}
