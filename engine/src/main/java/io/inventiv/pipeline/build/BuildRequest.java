package io.inventiv.pipeline.build;

import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.oci.Platform;

/**
 * Everything one build of an image set needs, already checked.
 *
 * @param tags          tags every image gets (first is {@code <sha12>})
 * @param buildArgs     {@code KEY=VALUE} or {@code KEY} (value from the environment)
 * @param network       BuildKit RUN network ({@code none}, {@code host}) or null for the default
 * @param push          push to the registry (else load into the local daemon)
 * @param registryCache use {@code <repo>:<cacheTag>} as registry cache (buildx only)
 * @param cacheTo       also write the cache (only the main branch does)
 * @param builderName   the reused docker-container buildx builder
 * @param sourceDateEpoch commit time, handed to buildx as SOURCE_DATE_EPOCH
 */
public record BuildRequest(List<ImageSpec> images, List<Platform> platforms, List<String> tags,
        Map<String, String> labels, List<String> buildArgs, List<BuildSecret> secrets, String network,
        boolean push, boolean registryCache, boolean cacheTo, String cacheTag, boolean provenance, boolean sbom,
        String builderName, long sourceDateEpoch) {

    public static final String DEFAULT_BUILDER = "inventiv";
    public static final String DEFAULT_CACHE_TAG = "buildcache";

    public BuildRequest {
        images = List.copyOf(images);
        platforms = List.copyOf(platforms);
        tags = List.copyOf(tags);
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        buildArgs = List.copyOf(buildArgs);
        secrets = List.copyOf(secrets);
    }
}
