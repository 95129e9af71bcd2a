package io.inventiv.pipeline.gate.scan;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names a secret without revealing it: {@code sha256:} and the first 16 hex digits of the
 * SHA-256 of its normalised text (a key's base64 body without line breaks or indentation, so
 * re-indenting or CRLF endings keep the fingerprint). 64 bits identify a finding for an
 * allowlist and say nothing usable about a high-entropy secret.
 */
public final class Fingerprint {
    public static final String PREFIX = "sha256:";
    private static final int HEX_DIGITS = 16;
    private static final Pattern SHAPE = Pattern.compile("sha256:[0-9a-f]{" + HEX_DIGITS + "}");

    private Fingerprint() {
    }

    public static String of(byte[] normalisedSecret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalisedSecret);
            // concat, not '+': a one-shot JVM would bootstrap string concatenation for this line.
            return PREFIX.concat(HexFormat.of().formatHex(hash, 0, HEX_DIGITS / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static boolean looksLikeOne(String text) {
        return SHAPE.matcher(text).matches();
    }
}
