package io.inventiv.pipeline.oci;

import java.util.List;
import java.util.Optional;

/**
 * The engine's only HTTP code: talks to an OCI distribution registry. API skeleton: the
 * issue-2 work fills it in (auth, retries, TLS options, manifests, blobs, promote).
 */
public final class RegistryClient {

    /** A client configured from the environment (REGISTRY_USERNAME/REGISTRY_PASSWORD or DOCKER_CONFIG). */
    public static RegistryClient fromEnvironment(RegistryOptions options) {
        throw new UnsupportedOperationException("RegistryClient: not implemented yet");
    }

    /** The digest the reference resolves to (HEAD, falling back to GET); empty when absent. */
    public Optional<Digest> resolve(ImageRef ref) {
        throw new UnsupportedOperationException("RegistryClient.resolve: not implemented yet");
    }

    /**
     * The platforms of the manifest at this reference: an index's entries, or a single
     * manifest's config os/architecture/variant.
     */
    public List<Platform> platforms(ImageRef ref) {
        throw new UnsupportedOperationException("RegistryClient.platforms: not implemented yet");
    }
}
