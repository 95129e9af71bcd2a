package io.inventiv.pipeline.build;

import java.util.List;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Manifest;
import io.inventiv.pipeline.oci.Platform;
import io.inventiv.pipeline.oci.RegistryClient;

/** Reads the registry back through the engine's registry client (the only HTTP code). */
public final class ClientRegistryCheck implements RegistryCheck {
    private final RegistryClient client;

    public ClientRegistryCheck(RegistryClient client) {
        this.client = client;
    }

    @Override
    public Optional<Digest> resolve(ImageRef ref) {
        return client.resolve(ref);
    }

    @Override
    public List<Platform> platforms(ImageRef ref) {
        return client.platforms(ref);
    }

    /** For an index: the config of the entry for {@code wanted}; for a single image: its own config. */
    @Override
    public Platform configPlatform(ImageRef ref, Platform wanted) {
        ImageRef repo = ref.repositoryOnly();
        Manifest m = client.fetchManifest(repo, ref.reference())
                .orElseThrow(() -> new EngineException("GET manifest " + ref + ": not found in the registry"));
        ImageRef image = ref;
        if (m.isIndex()) {
            Manifest.Descriptor entry = m.children().stream()
                    .filter(d -> d.platform() != null && wanted.isSatisfiedBy(d.platform()))
                    .findFirst()
                    .orElseThrow(() -> new EngineException("verify push: " + ref + " has no " + wanted + " entry"));
            image = repo.withDigest(entry.digest());
        }
        List<Platform> config = client.platforms(image);
        if (config.size() != 1) {
            throw new EngineException("verify push: " + image + " is not a single image");
        }
        return config.get(0);
    }
}
