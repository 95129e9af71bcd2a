package io.inventiv.pipeline.oci;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;

/**
 * Moves tags to exact digests, for one image or a release set, all or nothing: every source is
 * fetched, hashed and platform-checked before any tag moves; a write that fails puts the tags
 * already moved back to their previous digests. Within a repository only the manifest travels
 * (GET by digest, PUT the same bytes and media type); into another repository of the same
 * registry the blobs are mounted (streamed when the registry will not mount), children of an
 * index before the index.
 */
public final class Promotion {

    /** One image of the set: where it comes from, and the repository + tag it goes to. */
    public record Request(ImageRef source, ImageRef target) {
        public Request {
            Objects.requireNonNull(target.tag(), "target tag");
        }
    }

    /** What happened to one image; the JSON fields of {@code promote --json}. */
    public record Image(String source, String target, String digest, String previousDigest, String mediaType,
            List<String> platforms, boolean changed) {
    }

    /** The outcome of the whole set. */
    public record Result(List<Image> images, int requests) {
    }

    /**
     * What {@code promote --plan} found: each image as a promote would report it ({@code digest}
     * the tag would point to, {@code previousDigest} where it points now, {@code changed} whether
     * it would move), with nothing written.
     */
    public record Plan(boolean plan, List<Image> images, int requests) {
    }

    /** An image checked and ready to move. */
    private static final class Planned {
        final Request request;
        final Manifest manifest;
        final Digest previous;
        final List<Platform> platforms;
        boolean writeStarted;

        Planned(Request request, Manifest manifest, Digest previous, List<Platform> platforms) {
            this.request = request;
            this.manifest = manifest;
            this.previous = previous;
            this.platforms = platforms;
        }

        ImageRef targetRepo() {
            return request.target().repositoryOnly();
        }

        ImageRef sourceRepo() {
            return request.source().repositoryOnly();
        }

        String tag() {
            return request.target().tag();
        }

        boolean crossRepository() {
            return !sourceRepo().equals(targetRepo());
        }

        String label() {
            return request.source() + " → " + request.target();
        }
    }

    private final RegistryClient client;
    private final Consumer<String> progress;

    public Promotion(RegistryClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** Checks the set's shape before any request: one registry per image, each target tag once. */
    public static void validate(List<Request> requests) {
        if (requests.isEmpty()) {
            throw UsageException.field("--source", "is missing", "give at least one --source REF@sha256:... or REF:TAG");
        }
        Set<ImageRef> targets = new HashSet<>();
        for (Request r : requests) {
            if (r.source().reference() == null) {
                throw UsageException.field("--source", "'" + r.source() + "' has neither tag nor digest",
                        "add @sha256:<64 hex> (or :TAG) to it");
            }
            if (!r.source().registry().equals(r.target().registry())) {
                throw UsageException.field("--target-repo", r.target().name() + " is on another registry than "
                        + r.source().name(), "promote within one registry (copy across registries with skopeo)");
            }
            if (!targets.add(r.target())) {
                throw UsageException.field("--tag", "two sources would move the same tag " + r.target(),
                        "give each source its own repository (or --target-repo)");
            }
        }
    }

    public Result promote(List<Request> requests, List<Platform> required) {
        validate(requests);
        for (Request r : requests) {
            client.willWrite(r.target().repositoryOnly());
        }
        List<Planned> plans = new ArrayList<>();
        for (Request r : requests) {
            plans.add(plan(r, required));
        }
        List<Planned> attempted = new ArrayList<>();
        for (Planned p : plans) {
            attempted.add(p);
            try {
                write(p);
            } catch (EngineException e) {
                throw failed(p, e, attempted);
            }
        }
        return new Result(images(plans), client.requestCount());
    }

    /**
     * Steps 1-2 of a promote for every image (existence, hash, platforms, the tag's current
     * digest) and no write: no PUT, no blob mount, and only pull scope asked of a token service.
     */
    public Plan plan(List<Request> requests, List<Platform> required) {
        validate(requests);
        List<Planned> plans = new ArrayList<>();
        for (Request r : requests) {
            plans.add(plan(r, required));
        }
        return new Plan(true, images(plans), client.requestCount());
    }

    private static List<Image> images(List<Planned> plans) {
        List<Image> images = new ArrayList<>();
        for (Planned p : plans) {
            images.add(new Image(p.request.source().toString(), p.request.target().toString(),
                    p.manifest.digest().toString(), p.previous == null ? null : p.previous.toString(),
                    p.manifest.mediaType(), p.platforms.stream().map(Platform::toString).toList(),
                    !p.manifest.digest().equals(p.previous)));
        }
        return images;
    }

    /**
     * Steps 1-2: fetch by digest (or tag), hash the bytes, check platforms; and the tag's current
     * digest, asked at the same time as the fetch.
     */
    private Planned plan(Request r, List<Platform> required) {
        ImageRef repo = r.source().repositoryOnly();
        RegistryClient.ManifestAndDigest found = client.fetchManifestAndResolve(repo, r.source().reference(),
                r.target().repositoryOnly(), r.target().tag());
        Manifest m = found.manifest()
                .orElseThrow(() -> new EngineException("promote " + r.source() + ": the registry has no such "
                        + (r.source().digest() != null ? "digest" : "tag") + " in " + repo.name()
                        + "; check the reference (push the image first)"));
        List<Platform> platforms = m.isIndex() || !required.isEmpty() ? client.platformsOf(repo, m) : List.of();
        for (Platform want : required) {
            if (platforms.stream().noneMatch(want::isSatisfiedBy)) {
                throw new EngineException("promote " + r.source() + " (" + m.digest() + "): lacks platform " + want
                        + " (it has " + (platforms.isEmpty() ? "none" : platforms) + "); build it for " + want
                        + " or drop --require-platform " + want);
            }
        }
        return new Planned(r, m, found.digest().orElse(null), platforms);
    }

    /** Steps 3-5: copy content across repositories if needed, PUT the bytes under the tag, verify. */
    private void write(Planned p) {
        Digest digest = p.manifest.digest();
        if (digest.equals(p.previous)) {
            progress.accept("promote " + p.label() + ": already at " + digest + ", nothing to do");
            return;
        }
        if (p.crossRepository()) {
            copyContent(p.sourceRepo(), p.targetRepo(), p.manifest);
        }
        p.writeStarted = true;
        client.putManifest(p.targetRepo(), p.tag(), p.manifest);
        verify(p.targetRepo(), p.tag(), digest, "promote " + p.label());
        progress.accept("promote " + p.label() + ": now " + digest
                + (p.previous == null ? " (new tag)" : " (was " + p.previous + ")"));
    }

    private void verify(ImageRef repo, String tag, Digest expected, String action) {
        Optional<Digest> now = client.headDigest(repo, tag);
        if (now.isEmpty() || !now.get().equals(expected)) {
            throw new EngineException(action + ": after the PUT " + repo.name() + ":" + tag + " resolves to "
                    + now.map(Digest::toString).orElse("nothing") + ", not " + expected);
        }
    }

    /** Makes everything the manifest references exist in the target repository, children first. */
    private void copyContent(ImageRef from, ImageRef to, Manifest m) {
        if (m.isIndex()) {
            for (Manifest.Descriptor child : m.children()) {
                if (client.hasManifest(to, child.digest())) {
                    continue;
                }
                Manifest cm = client.fetchManifest(from, child.digest().toString())
                        .orElseThrow(() -> new EngineException("copy " + from.name() + "@" + child.digest()
                                + ": the index references a manifest the registry does not have"));
                copyContent(from, to, cm);
                client.putManifest(to, child.digest().toString(), cm);
            }
            return;
        }
        for (Manifest.Descriptor blob : m.blobs()) {
            client.mountOrCopyBlob(from, to, blob);
        }
    }

    /** Puts back the tags already moved and says what happened, including what could not be undone. */
    private EngineException failed(Planned failing, EngineException cause, List<Planned> attempted) {
        List<String> putBack = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        for (int i = attempted.size() - 1; i >= 0; i--) {
            Planned p = attempted.get(i);
            if (!p.writeStarted) {
                continue;
            }
            try {
                Optional<Digest> now = client.headDigest(p.targetRepo(), p.tag());
                if (now.equals(Optional.ofNullable(p.previous))) {
                    continue;
                }
                if (p.previous == null) {
                    stuck.add(p.request.target() + " (it did not exist before and a registry cannot delete a tag;"
                            + " it now points at " + now.map(Digest::toString).orElse("nothing") + ")");
                    continue;
                }
                Manifest old = client.fetchManifest(p.targetRepo(), p.previous.toString())
                        .orElseThrow(() -> new EngineException("its previous manifest " + p.previous + " is gone"));
                client.putManifest(p.targetRepo(), p.tag(), old);
                verify(p.targetRepo(), p.tag(), p.previous, "put back " + p.request.target());
                putBack.add(p.request.target() + "@" + p.previous.shortHex());
            } catch (EngineException e) {
                stuck.add(p.request.target() + " (" + e.getMessage() + ")");
            }
        }
        if (putBack.isEmpty() && stuck.isEmpty()) {
            return cause;
        }
        StringBuilder m = new StringBuilder("promote ").append(failing.label()).append(" failed: ")
                .append(cause.getMessage());
        if (!putBack.isEmpty()) {
            m.append("; put back: ").append(String.join(", ", putBack));
        }
        if (!stuck.isEmpty()) {
            m.append("; COULD NOT put back: ").append(String.join(", ", stuck));
        }
        return new EngineException(m.toString(), cause);
    }
}
