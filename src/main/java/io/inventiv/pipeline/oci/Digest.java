package io.inventiv.pipeline.oci;

/**
 * A content digest, {@code sha256:} + 64 lowercase hex. API skeleton: the issue-2 work fills
 * in parsing and hashing; the signatures are the contract other packages code against.
 */
public record Digest(String algorithm, String hex) {

    /** Parses {@code sha256:<64 hex>}; throws UsageException naming the problem otherwise. */
    public static Digest parse(String text) {
        throw new UnsupportedOperationException("Digest.parse: not implemented yet");
    }

    /** The sha256 digest of these bytes. */
    public static Digest sha256(byte[] bytes) {
        throw new UnsupportedOperationException("Digest.sha256: not implemented yet");
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
