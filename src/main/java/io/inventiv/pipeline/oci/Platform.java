package io.inventiv.pipeline.oci;

/** An OCI platform such as {@code linux/arm64} or {@code linux/arm/v7}. API skeleton (issue 2). */
public record Platform(String os, String architecture, String variant) {

    /** Parses {@code os/arch[/variant]}; throws UsageException naming the problem otherwise. */
    public static Platform parse(String text) {
        throw new UnsupportedOperationException("Platform.parse: not implemented yet");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
