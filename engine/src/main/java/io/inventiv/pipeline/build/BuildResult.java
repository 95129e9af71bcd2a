package io.inventiv.pipeline.build;

import java.util.List;

/**
 * What {@code build} reports (its --json): each image with its digest, tags and platforms,
 * which builder ran, and whether the build was skipped because the images already existed.
 */
public record BuildResult(List<Image> images, String builder, boolean skipped) {

    /**
     * @param image    repository without tag ({@code ghcr.io/o/app-api})
     * @param digest   manifest (or index) digest in the registry; null for a local, unpushed build
     */
    public record Image(String name, String image, String digest, List<String> tags, List<String> platforms) {
    }
}
