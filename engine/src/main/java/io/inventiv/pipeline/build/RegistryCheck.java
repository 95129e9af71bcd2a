package io.inventiv.pipeline.build;

import java.util.List;
import java.util.Optional;

import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/** What the build asks a registry after a push (and before a --skip-existing build). */
public interface RegistryCheck {
    /** The digest a tag points at; empty when the tag does not exist. */
    Optional<Digest> resolve(ImageRef ref);

    /** Platforms of the manifest: an index's entries (attestations left out) or a single image's config. */
    List<Platform> platforms(ImageRef ref);

    /** os/architecture/variant written in the config of {@code wanted}'s image under {@code ref}. */
    Platform configPlatform(ImageRef ref, Platform wanted);
}
