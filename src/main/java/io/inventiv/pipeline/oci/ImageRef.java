package io.inventiv.pipeline.oci;

/**
 * A parsed image reference, normalised as docker does ({@code docker.io/library/} defaults,
 * registry with port, tag, digest, or both). API skeleton: the issue-2 work fills it in.
 *
 * @param registry  e.g. {@code ghcr.io}, {@code 127.0.0.1:5000}, {@code docker.io}
 * @param repository e.g. {@code owner/inventiv-agents-api}
 * @param tag  may be null
 * @param digest may be null
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {

    /** Parses and normalises; throws UsageException naming what is wrong. */
    public static ImageRef parse(String text) {
        throw new UnsupportedOperationException("ImageRef.parse: not implemented yet");
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, null);
    }

    public ImageRef withDigest(Digest d) {
        return new ImageRef(registry, repository, null, d);
    }

    /** registry/repository, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
