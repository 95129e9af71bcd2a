package io.inventiv.pipeline.build;

import java.util.List;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/**
 * Proves a push landed: every tag resolves to the built digest, the manifest lists every
 * requested platform, and each platform's config says the right os/architecture (an emulated
 * build that silently produced the host's architecture is caught here).
 */
public final class PushVerifier {
    private final RegistryCheck registry;

    public PushVerifier(RegistryCheck registry) {
        this.registry = registry;
    }

    public void verify(ImageRef repository, List<String> tags, Digest digest, List<Platform> platforms) {
        for (String tag : tags) {
            ImageRef tagged = repository.withTag(tag);
            Optional<Digest> found = registry.resolve(tagged);
            if (found.isEmpty()) {
                throw new EngineException("verify push: " + tagged + " is not in the registry (built " + digest + ")");
            }
            if (!found.get().equals(digest)) {
                throw new EngineException("verify push: " + tagged + " resolves to " + found.get()
                        + ", not the built digest " + digest);
            }
        }
        ImageRef pinned = repository.withDigest(digest);
        List<Platform> listed = registry.platforms(pinned);
        for (Platform wanted : platforms) {
            if (listed.stream().noneMatch(wanted::isSatisfiedBy)) {
                throw new EngineException("verify push: " + pinned + " (tag " + tags.get(0) + ") lacks platform "
                        + wanted + "; it has " + listed);
            }
            Platform config = registry.configPlatform(pinned, wanted);
            if (!wanted.isSatisfiedBy(config)) {
                throw new EngineException("verify push: the " + wanted + " image of " + pinned + " (tag "
                        + tags.get(0) + ") has a config for " + config.os() + "/" + config.architecture());
            }
        }
    }

}
