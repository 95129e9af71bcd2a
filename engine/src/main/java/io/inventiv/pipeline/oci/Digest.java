package io.inventiv.pipeline.oci;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/** A content digest, {@code sha256:} + 64 lowercase hex: the only algorithm registries require. */
public record Digest(String algorithm, String hex) {
    private static final Pattern ALGORITHM = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*");
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    /** Why a digest text was refused; the names follow go-digest's errors. */
    public enum Problem { INVALID_FORMAT, UNSUPPORTED, INVALID_LENGTH }

    /** A refused digest, with the reason tests and callers can check. */
    public static final class InvalidDigestException extends UsageException {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        InvalidDigestException(String message, Problem problem) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public Digest {
        if (!"sha256".equals(algorithm) || hex == null || !SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + algorithm + ":" + hex);
        }
    }

    /** Parses {@code sha256:<64 hex>}; throws UsageException naming the problem otherwise. */
    public static Digest parse(String text) {
        return parse(text, "digest");
    }

    /** As {@link #parse(String)}, naming {@code field} (e.g. a flag) in the message. */
    public static Digest parse(String text, String field) {
        String fix = "write it as sha256: followed by 64 lowercase hex digits";
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is empty", fix, Problem.INVALID_FORMAT);
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || !ALGORITHM.matcher(text.substring(0, colon)).matches()) {
            throw invalid(field, "'" + text + "' is not a digest", fix, Problem.INVALID_FORMAT);
        }
        String algorithm = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        if (!"sha256".equals(algorithm)) {
            throw invalid(field, "algorithm '" + algorithm + "' is not supported", fix, Problem.UNSUPPORTED);
        }
        if (hex.length() != 64) {
            throw invalid(field, "sha256 needs 64 hex digits, '" + text + "' has " + hex.length(), fix,
                    Problem.INVALID_LENGTH);
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw invalid(field, "'" + text + "' has characters other than lowercase hex", fix, Problem.INVALID_FORMAT);
        }
        return new Digest(algorithm, hex);
    }

    /** The sha256 digest of these bytes. */
    public static Digest sha256(byte[] bytes) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
    }

    /** The sha256 digest of a UTF-8 string (test data, small documents). */
    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets SHA-256 up on a background thread, once per run: the first use costs ≈ 12 ms (the
     * security providers), which a caller about to wait for a registry's answer gets for free.
     */
    static void prepareInBackground() {
        if (PREPARED.compareAndSet(false, true)) {
            Thread t = new Thread(new WarmUp(), "sha256-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    private static final class WarmUp implements Runnable {
        @Override
        public void run() {
            newSha256().digest(new byte[64]);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first 12 hex digits, the short form people read in logs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    private static InvalidDigestException invalid(String field, String problem, String fix, Problem kind) {
        return new InvalidDigestException(field + ": " + problem + "; " + fix, kind);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    // Written out: the generated ones bootstrap ObjectMethods on first use, ~20 ms of a fresh JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && Objects.equals(algorithm, d.algorithm) && Objects.equals(hex, d.hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, hex);
    }
}
