package io.inventiv.pipeline.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;

/**
 * The labels of the image a reference names, read from its config blob. For an index, every
 * image platform's config is read (attestation entries are not images) unless one platform is
 * asked for; the platforms must agree on the revision, because a release is one commit.
 */
public final class ImageLabels {
    public static final String REVISION = "org.opencontainers.image.revision";

    private ImageLabels() {
    }

    /**
     * @param digest    the manifest or index the reference resolves to
     * @param labels    the labels of the platform asked for, or those every platform carries with the same value
     * @param revision  {@code org.opencontainers.image.revision}, or null when the image has none
     * @param platforms the platforms whose configs were read
     */
    public record Result(Digest digest, Map<String, String> labels, String revision, List<Platform> platforms) {
    }

    /**
     * One GET of the manifest (its bytes give the digest, so no HEAD), then per platform read a
     * GET of its manifest (for an index) and of its config. Empty when the reference does not exist.
     */
    public static Optional<Result> read(RegistryClient client, ImageRef ref, Platform wanted) {
        ImageRef repo = ref.repositoryOnly();
        Optional<Manifest> top = client.fetchManifest(repo, ref.reference());
        if (top.isEmpty()) {
            return Optional.empty();
        }
        List<ImageConfig> configs = new ArrayList<>();
        if (top.get().isIndex()) {
            for (Manifest.Descriptor child : images(ref, top.get(), wanted)) {
                Manifest m = client.fetchManifest(repo, child.digest().toString()).orElseThrow(() -> new EngineException(
                        "GET manifest " + repo.name() + "@" + child.digest() + ": the index " + ref
                                + " names it but the registry does not have it"));
                configs.add(config(client, repo, m));
            }
        } else {
            ImageConfig c = config(client, repo, top.get());
            if (wanted != null && !wanted.isSatisfiedBy(c.platform())) {
                throw new EngineException("labels of " + ref + ": it is a " + c.platform() + " image, not " + wanted
                        + "; ask for --platform " + c.platform() + " or leave --platform out");
            }
            configs.add(c);
        }
        return Optional.of(combine(ref, top.get().digest(), configs));
    }

    /** The index entries to read: the asked platform's first, or every image platform. */
    private static List<Manifest.Descriptor> images(ImageRef ref, Manifest index, Platform wanted) {
        List<Manifest.Descriptor> out = new ArrayList<>();
        List<Platform> offered = index.indexPlatforms();
        for (Manifest.Descriptor d : index.children()) {
            if (d.platform() == null || !offered.contains(d.platform())) {
                continue; // attestation manifests (unknown/unknown) carry no image config
            }
            if (wanted == null) {
                out.add(d);
            } else if (wanted.isSatisfiedBy(d.platform())) {
                return List.of(d);
            }
        }
        if (out.isEmpty()) {
            throw new EngineException("labels of " + ref + ": the index has no " + (wanted == null ? "image" : wanted)
                    + " entry (it has " + (offered.isEmpty() ? "none" : offered.toString()) + ")");
        }
        return out;
    }

    private static ImageConfig config(RegistryClient client, ImageRef repo, Manifest m) {
        if (m.config() == null) {
            throw new EngineException("GET manifest " + repo.name() + "@" + m.digest() + ": it names no config blob");
        }
        byte[] bytes = client.fetchBlob(repo, m.config().digest());
        return ImageConfig.parse(bytes, "GET blob " + repo.name() + "@" + m.config().digest());
    }

    private static Result combine(ImageRef ref, Digest digest, List<ImageConfig> configs) {
        Map<String, String> shared = new LinkedHashMap<>(configs.get(0).labels());
        List<Platform> platforms = new ArrayList<>();
        StringBuilder revisions = new StringBuilder();
        boolean disagree = false;
        String revision = configs.get(0).labels().get(REVISION);
        for (ImageConfig c : configs) {
            platforms.add(c.platform());
            shared.entrySet().removeIf(e -> !e.getValue().equals(c.labels().get(e.getKey())));
            String r = c.labels().get(REVISION);
            disagree |= r == null ? revision != null : !r.equals(revision);
            revisions.append(revisions.length() == 0 ? "" : ", ").append(c.platform()).append(' ').append(r == null ? "none" : r);
        }
        if (disagree) {
            throw new EngineException("labels of " + ref + ": its platforms disagree on " + REVISION + " (" + revisions
                    + "); a release is built from one commit: rebuild it, or ask for one platform with --platform");
        }
        return new Result(digest, shared, revision, List.copyOf(platforms));
    }
}
