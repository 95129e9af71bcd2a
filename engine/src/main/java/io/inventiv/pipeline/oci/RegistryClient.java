package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;

/**
 * What the engine asks of an OCI distribution registry: resolve references, read and write
 * manifests by their exact bytes, read small blobs, mount or copy blobs between repositories.
 * Each operation is one or a few {@link RegistryCall}s executed by {@link RegistryHttp}, the
 * only class that speaks HTTP.
 */
public final class RegistryClient {
    private final RegistryHttp http;

    /** Direct to every registry, whatever the environment says about proxies. */
    RegistryClient(RegistryOptions options, Credentials credentials) {
        this(options, credentials, ProxyRoute.direct());
    }

    RegistryClient(RegistryOptions options, Credentials credentials, ProxyRoute proxies) {
        this.http = new RegistryHttp(options, credentials, proxies);
    }

    /**
     * A client configured from the environment: REGISTRY_USERNAME/REGISTRY_PASSWORD or
     * DOCKER_CONFIG, and HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
     */
    public static RegistryClient fromEnvironment(RegistryOptions options) {
        Map<String, String> env = System.getenv();
        return new RegistryClient(options, Credentials.from(env), ProxyRoute.from(env));
    }

    /** HTTP requests sent so far (token requests and redirects included). */
    public int requestCount() {
        return http.requestCount();
    }

    /**
     * Declares that this run will write to the repository, so the first token asked for it
     * already carries push and later calls need no second token.
     */
    public void willWrite(ImageRef repo) {
        http.willWrite(repo);
    }

    /** Executes one call (auth, retries, redirects) and returns the registry's answer, body read. */
    public RegistryResponse send(RegistryCall call) {
        return http.execute(call, false);
    }

    /** Plain http only for loopback or a host named by --insecure-registry. */
    boolean plainHttpAllowed(String hostPort) {
        return http.plainHttpAllowed(hostPort);
    }

    /** The digest the reference resolves to (HEAD, falling back to GET); empty when absent. */
    public Optional<Digest> resolve(ImageRef ref) {
        ImageRef repo = ref.repositoryOnly();
        String reference = requireReference(ref);
        return resolved(ref, repo, reference, send(RegistryCall.headManifest(repo, reference)));
    }

    /** A manifest and the digest a tag or digest resolves to, found by two requests sent at once. */
    public record ManifestAndDigest(Optional<Manifest> manifest, Optional<Digest> digest) {
    }

    /**
     * {@link #fetchManifest} of {@code manifestRef} and {@link #headDigest} of {@code resolveRef}
     * at the same time, on two connections: promote needs both before it writes, and neither
     * depends on the other, so the pair costs one round trip instead of two. A failure of the
     * fetch, or a missing manifest, is reported before anything the HEAD met.
     */
    public ManifestAndDigest fetchManifestAndResolve(ImageRef manifestRepo, String manifestRef, ImageRef resolveRepo,
            String resolveRef) {
        RegistryCall get = RegistryCall.getManifest(manifestRepo, manifestRef);
        RegistryCall head = RegistryCall.headManifest(resolveRepo, resolveRef);
        Digest.prepareInBackground(); // the manifest will be hashed the moment it arrives
        RegistryResponse[] answers = http.executeBoth(get, head);
        Optional<Manifest> manifest = manifestFrom(get, manifestRef, answers[0]);
        if (manifest.isEmpty()) {
            return new ManifestAndDigest(manifest, Optional.empty()); // the missing source is the news
        }
        ImageRef ref = resolveRef.startsWith("sha256:") ? resolveRepo.withDigest(Digest.parse(resolveRef))
                : resolveRepo.withTag(resolveRef);
        return new ManifestAndDigest(manifest, resolved(ref, resolveRepo, resolveRef, answers[1]));
    }

    private Optional<Digest> resolved(ImageRef ref, ImageRef repo, String reference, RegistryResponse head) {
        if (head.status() == 404) {
            return Optional.empty();
        }
        if (head.ok() && head.contentDigest() != null) {
            if (ref.digest() != null && !ref.digest().equals(head.contentDigest())) {
                throw new EngineException("HEAD manifest " + ref + ": registry answered digest " + head.contentDigest()
                        + " for a request by digest " + ref.digest());
            }
            return Optional.of(head.contentDigest());
        }
        // Some registries answer HEAD without Docker-Content-Digest, or not at all: hash the bytes.
        return fetchManifest(repo, reference).map(Manifest::digest);
    }

    /**
     * The platforms of the manifest at this reference: an index's entries, or a single
     * manifest's config os/architecture/variant.
     */
    public List<Platform> platforms(ImageRef ref) {
        ImageRef repo = ref.repositoryOnly();
        Manifest m = fetchManifest(repo, requireReference(ref))
                .orElseThrow(() -> new EngineException("GET manifest " + ref + ": not found in the registry"));
        return platformsOf(repo, m);
    }

    /** An index's platforms, or the one platform of a single manifest's config blob. */
    List<Platform> platformsOf(ImageRef repo, Manifest m) {
        if (m.isIndex()) {
            return m.indexPlatforms();
        }
        if (m.config() == null) {
            return List.of();
        }
        byte[] config = fetchBlob(repo, m.config().digest());
        return List.of(Manifest.configPlatform(config, "GET blob " + repo.name() + "@" + m.config().digest()));
    }

    /**
     * The manifest at {@code reference} (tag or digest), checked: fetched by digest, its bytes
     * must hash to that digest. Empty when the registry does not have it.
     */
    public Optional<Manifest> fetchManifest(ImageRef repo, String reference) {
        RegistryCall call = RegistryCall.getManifest(repo, reference);
        return manifestFrom(call, reference, send(call));
    }

    private Optional<Manifest> manifestFrom(RegistryCall call, String reference, RegistryResponse r) {
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw http.failure(call, r);
        }
        Manifest m = Manifest.parse(r.body(), r.header("Content-Type"), call.action());
        if (reference.startsWith("sha256:") && !m.digest().toString().equals(reference)) {
            throw new EngineException(call.action() + ": the bytes the registry sent hash to " + m.digest()
                    + ", not to the digest asked for; refusing to use them");
        }
        Digest claimed = r.contentDigest();
        if (claimed != null && !claimed.equals(m.digest())) {
            throw new EngineException(call.action() + ": the registry says the digest is " + claimed
                    + " but the bytes it sent hash to " + m.digest() + "; refusing to use them");
        }
        return Optional.of(m);
    }

    /** The digest a tag or digest currently resolves to, by HEAD; empty on 404. */
    public Optional<Digest> headDigest(ImageRef repo, String reference) {
        return resolve(reference.startsWith("sha256:") ? repo.withDigest(Digest.parse(reference))
                : repo.withTag(reference));
    }

    /** PUTs these exact bytes with their media type under a tag or digest. */
    public void putManifest(ImageRef repo, String reference, Manifest m) {
        RegistryCall call = RegistryCall.putManifest(repo, reference, m.bytes(), m.mediaType());
        RegistryResponse r = send(call);
        if (!r.ok()) {
            throw http.failure(call, r);
        }
    }

    /** Whether the repository holds the manifest with this digest. */
    public boolean hasManifest(ImageRef repo, Digest digest) {
        RegistryCall call = RegistryCall.headManifest(repo, digest.toString());
        RegistryResponse r = send(call);
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw http.failure(call, r);
        }
        return true;
    }

    /** A (small) blob's bytes, checked against its digest. */
    public byte[] fetchBlob(ImageRef repo, Digest digest) {
        RegistryCall call = RegistryCall.getBlob(repo, digest);
        RegistryResponse r = send(call);
        if (!r.ok()) {
            throw http.failure(call, r);
        }
        if (!Digest.sha256(r.body()).equals(digest)) {
            throw new EngineException(call.action() + ": the bytes the registry sent do not hash to " + digest);
        }
        return r.body();
    }

    /**
     * Makes the blob exist in {@code to}: a cross-repository mount, or, when the registry starts
     * an upload instead, the blob streamed from {@code from}. Returns true when it was mounted.
     */
    public boolean mountOrCopyBlob(ImageRef from, ImageRef to, Manifest.Descriptor blob) {
        EngineException last = null;
        for (int attempt = 1; attempt <= http.options().maxAttempts(); attempt++) {
            RegistryCall mount = RegistryCall.mountBlob(to, from, blob.digest());
            RegistryResponse r = send(mount);
            if (r.status() == 201) {
                return true;
            }
            if (r.status() != 202 || r.header("Location") == null) {
                throw http.failure(mount, r);
            }
            try {
                streamBlob(from, to, blob, r.header("Location"));
                return false;
            } catch (EngineException e) {
                last = e;
                Backoff.sleep(Backoff.after(attempt, null));
            }
        }
        throw last;
    }

    private void streamBlob(ImageRef from, ImageRef to, Manifest.Descriptor blob, String location) {
        RegistryCall get = RegistryCall.getBlob(from, blob.digest());
        RegistryResponse source = http.execute(get, true);
        if (!source.ok()) {
            throw http.failure(get, source);
        }
        long size = source.contentLength() >= 0 ? source.contentLength() : blob.size();
        try (InputStream in = source.stream()) {
            http.uploadBlob(to, location, blob, in, size);
        } catch (IOException e) {
            throw new EngineException("GET blob " + from.name() + "@" + blob.digest() + ": " + e.getMessage());
        }
    }

    private static String requireReference(ImageRef ref) {
        String reference = ref.reference();
        if (reference == null) {
            throw UsageException.field("image reference", "'" + ref + "' has neither tag nor digest",
                    "add :TAG or @sha256:<64 hex>");
        }
        return reference;
    }

}
