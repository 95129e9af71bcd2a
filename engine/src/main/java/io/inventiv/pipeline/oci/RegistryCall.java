package io.inventiv.pipeline.oci;

import java.util.List;

/**
 * One registry request as a value: method, where, what it accepts and sends, which token scopes
 * it needs, and what it does in words (for error messages). {@link RegistryClient} executes it.
 *
 * @param repository the repository the call is about (host and auth come from it)
 * @param target     a path below {@code /v2/} or an absolute URL the registry handed out (upload Location)
 * @param scopes     token scopes besides the repository's own pull (or pull,push for writes)
 */
public record RegistryCall(String method, ImageRef repository, String target, List<String> accept, byte[] body,
        String contentType, List<String> scopes, String action) {

    public RegistryCall {
        accept = accept == null ? List.of() : List.copyOf(accept);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public boolean writes() {
        return !"GET".equals(method) && !"HEAD".equals(method);
    }

    public static RegistryCall headManifest(ImageRef repo, String reference) {
        return new RegistryCall("HEAD", repo, manifestPath(repo, reference), MediaType.MANIFEST_ACCEPT, null, null,
                null, "HEAD manifest " + display(repo, reference));
    }

    public static RegistryCall getManifest(ImageRef repo, String reference) {
        return new RegistryCall("GET", repo, manifestPath(repo, reference), MediaType.MANIFEST_ACCEPT, null, null,
                null, "GET manifest " + display(repo, reference));
    }

    public static RegistryCall putManifest(ImageRef repo, String reference, byte[] bytes, String mediaType) {
        return new RegistryCall("PUT", repo, manifestPath(repo, reference), null, bytes, mediaType, null,
                "PUT manifest " + display(repo, reference));
    }

    public static RegistryCall headBlob(ImageRef repo, Digest digest) {
        return new RegistryCall("HEAD", repo, repo.repository() + "/blobs/" + digest, null, null, null, null,
                "HEAD blob " + repo.name() + "@" + digest);
    }

    public static RegistryCall getBlob(ImageRef repo, Digest digest) {
        return new RegistryCall("GET", repo, repo.repository() + "/blobs/" + digest, null, null, null, null,
                "GET blob " + repo.name() + "@" + digest);
    }

    /** Asks the registry to link a blob of {@code from} into {@code to}; it may start an upload instead. */
    public static RegistryCall mountBlob(ImageRef to, ImageRef from, Digest digest) {
        return new RegistryCall("POST", to, to.repository() + "/blobs/uploads/?mount=" + digest + "&from="
                + from.repository(), null, new byte[0], null, List.of(Scopes.pull(from)),
                "mount blob " + digest + " from " + from.name() + " into " + to.name());
    }

    public static RegistryCall startUpload(ImageRef repo) {
        return new RegistryCall("POST", repo, repo.repository() + "/blobs/uploads/", null, new byte[0], null, null,
                "start blob upload to " + repo.name());
    }

    private static String manifestPath(ImageRef repo, String reference) {
        return repo.repository() + "/manifests/" + reference;
    }

    private static String display(ImageRef repo, String reference) {
        return repo.name() + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }
}
