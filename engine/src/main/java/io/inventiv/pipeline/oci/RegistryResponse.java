package io.inventiv.pipeline.oci;

import java.io.InputStream;
import java.util.Map;

/**
 * What a registry answered: status, headers (case-insensitive names), and either the body
 * bytes or, for a streamed blob, the open body stream the caller must close.
 */
public record RegistryResponse(int status, Map<String, String> headers, byte[] body, InputStream stream) {

    public String header(String name) {
        return headers.get(name);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The Docker-Content-Digest header, when present and well formed. */
    public Digest contentDigest() {
        String h = header("Docker-Content-Digest");
        if (h == null) {
            return null;
        }
        try {
            return Digest.parse(h.strip());
        } catch (io.inventiv.pipeline.UsageException e) {
            return null;
        }
    }

    public long contentLength() {
        String h = header("Content-Length");
        try {
            return h == null ? -1 : Long.parseLong(h.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
