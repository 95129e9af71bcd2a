package io.inventiv.pipeline.build;

/** Which docker builder runs the build: {@code auto} picks buildx when the plugin is there. */
public enum Backend {
    AUTO, BUILDX, BUILDKIT;

    /** The name reported in the JSON ({@code "builder"}). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
