package io.inventiv.pipeline.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.EngineException;

/**
 * A manifest or index exactly as the registry sent it: the bytes (which are what gets PUT,
 * never a re-serialisation), the media type, the digest of the bytes, and what it references.
 */
public record Manifest(byte[] bytes, String mediaType, Digest digest, List<Descriptor> children, Descriptor config,
        List<Descriptor> layers) {
    private static final Platform UNKNOWN = new Platform("unknown", "unknown", null);

    /** A content descriptor: what an index or manifest points at. */
    public record Descriptor(String mediaType, Digest digest, long size, Platform platform, List<String> urls) {
        /** Layers with URLs live elsewhere (foreign layers); registries do not hold them. */
        boolean isForeign() {
            return urls != null && !urls.isEmpty();
        }
    }

    public boolean isIndex() {
        return MediaType.isIndex(mediaType);
    }

    /** The platforms an index offers, without attestation entries (unknown/unknown). */
    public List<Platform> indexPlatforms() {
        List<Platform> out = new ArrayList<>();
        for (Descriptor d : children) {
            if (d.platform() != null && !d.platform().equals(UNKNOWN) && !out.contains(d.platform())) {
                out.add(d.platform());
            }
        }
        return out;
    }

    /** Blobs a single manifest needs in its repository: config and layers, foreign layers excluded. */
    public List<Descriptor> blobs() {
        List<Descriptor> out = new ArrayList<>();
        if (config != null) {
            out.add(config);
        }
        for (Descriptor l : layers) {
            if (!l.isForeign()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Parses registry bytes. {@code contentType} is the response's Content-Type; the document's
     * own mediaType field is used when the header is not one of the four manifest types.
     */
    public static Manifest parse(byte[] bytes, String contentType, String what) {
        Object parsed;
        try {
            parsed = JsonReader.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new EngineException(what + ": the registry sent a manifest that is not JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) {
            throw new EngineException(what + ": the registry sent a manifest that is not a JSON object");
        }
        Map<String, Object> root = JsonReader.object(parsed);
        if (JsonReader.number(root, "schemaVersion", -1) != 2) {
            throw new EngineException(what + ": schema version " + root.get("schemaVersion")
                    + " manifests are not supported; rebuild and push the image with a current docker or buildx");
        }
        String type = MediaType.strip(contentType);
        if (!MediaType.isKnown(type)) {
            type = JsonReader.string(root, "mediaType");
        }
        if (!MediaType.isKnown(type)) {
            type = root.containsKey("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
        }
        List<Descriptor> children = new ArrayList<>();
        for (Object m : JsonReader.array(root.get("manifests"))) {
            children.add(descriptor(JsonReader.object(m), what));
        }
        Descriptor config = root.containsKey("config") ? descriptor(JsonReader.object(root.get("config")), what) : null;
        List<Descriptor> layers = new ArrayList<>();
        for (Object l : JsonReader.array(root.get("layers"))) {
            layers.add(descriptor(JsonReader.object(l), what));
        }
        return new Manifest(bytes, type, Digest.sha256(bytes), List.copyOf(children), config, List.copyOf(layers));
    }

    /** The os/architecture/variant of an image config blob. */
    public static Platform configPlatform(byte[] configJson, String what) {
        try {
            Map<String, Object> root = JsonReader.object(JsonReader.parse(configJson));
            return platform(root);
        } catch (IllegalArgumentException e) {
            throw new EngineException(what + ": the image config is not JSON (" + e.getMessage() + ")");
        }
    }

    private static Platform platform(Map<String, Object> o) {
        String os = JsonReader.string(o, "os");
        String arch = JsonReader.string(o, "architecture");
        return new Platform(os == null ? "" : os, arch == null ? "" : arch, JsonReader.string(o, "variant"));
    }

    private static Descriptor descriptor(Map<String, Object> n, String what) {
        String digest = JsonReader.string(n, "digest");
        Digest d;
        try {
            d = Digest.parse(digest == null ? "" : digest);
        } catch (io.inventiv.pipeline.UsageException e) {
            throw new EngineException(what + ": the manifest references an unusable digest '" + digest + "'");
        }
        Platform p = n.get("platform") instanceof Map<?, ?> ? platform(JsonReader.object(n.get("platform"))) : null;
        List<String> urls = new ArrayList<>();
        for (Object u : JsonReader.array(n.get("urls"))) {
            urls.add(String.valueOf(u));
        }
        return new Descriptor(JsonReader.string(n, "mediaType"), d, JsonReader.number(n, "size", -1), p,
                List.copyOf(urls));
    }
}
