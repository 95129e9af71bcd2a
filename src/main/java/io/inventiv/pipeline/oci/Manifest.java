package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.EngineException;

/**
 * A manifest or index exactly as the registry sent it: the bytes (which are what gets PUT,
 * never a re-serialisation), the media type, the digest of the bytes, and what it references.
 */
public record Manifest(byte[] bytes, String mediaType, Digest digest, List<Descriptor> children, Descriptor config,
        List<Descriptor> layers) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new EngineException(what + ": the registry sent a manifest that is not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new EngineException(what + ": the registry sent a manifest that is not a JSON object");
        }
        if (root.path("schemaVersion").asInt() != 2) {
            throw new EngineException(what + ": schema version " + root.path("schemaVersion").asText()
                    + " manifests are not supported; rebuild and push the image with a current docker or buildx");
        }
        String type = MediaType.strip(contentType);
        if (!MediaType.isKnown(type)) {
            type = root.path("mediaType").asText(null);
        }
        if (!MediaType.isKnown(type)) {
            type = root.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
        }
        List<Descriptor> children = new ArrayList<>();
        for (JsonNode m : root.path("manifests")) {
            children.add(descriptor(m, what));
        }
        Descriptor config = root.has("config") ? descriptor(root.get("config"), what) : null;
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            layers.add(descriptor(l, what));
        }
        return new Manifest(bytes, type, Digest.sha256(bytes), List.copyOf(children), config, List.copyOf(layers));
    }

    /** The os/architecture/variant of an image config blob. */
    public static Platform configPlatform(byte[] configJson, String what) {
        try {
            JsonNode root = MAPPER.readTree(configJson);
            return new Platform(root.path("os").asText(""), root.path("architecture").asText(""),
                    root.path("variant").asText(null));
        } catch (IOException e) {
            throw new EngineException(what + ": the image config is not JSON (" + e.getMessage() + ")");
        }
    }

    private static Descriptor descriptor(JsonNode n, String what) {
        Digest d;
        try {
            d = Digest.parse(n.path("digest").asText(""));
        } catch (io.inventiv.pipeline.UsageException e) {
            throw new EngineException(what + ": the manifest references an unusable digest '"
                    + n.path("digest").asText("") + "'");
        }
        Platform p = null;
        JsonNode pl = n.get("platform");
        if (pl != null && pl.isObject()) {
            p = new Platform(pl.path("os").asText(""), pl.path("architecture").asText(""),
                    pl.path("variant").asText(null));
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode u : n.path("urls")) {
            urls.add(u.asText());
        }
        return new Descriptor(n.path("mediaType").asText(null), d, n.path("size").asLong(-1), p, List.copyOf(urls));
    }
}
