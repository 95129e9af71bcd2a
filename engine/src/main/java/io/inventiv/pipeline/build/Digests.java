package io.inventiv.pipeline.build;

import java.util.regex.Pattern;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;

/** Reads the digests tools report ({@code sha256:<64 hex>}); a malformed one is the tool's failure (exit 1). */
final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {
    }

    /** @param source what reported it, for the error message */
    static Digest parse(String text, String source) {
        String s = text == null ? "" : text.strip();
        if (!SHA256.matcher(s).matches()) {
            throw new EngineException(source + " reported '" + s + "', not a sha256 digest");
        }
        return new Digest("sha256", s.substring("sha256:".length()));
    }

}
