package io.inventiv.pipeline.gate.scan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Armored private keys: PEM (RSA, EC, DSA, PKCS#8, encrypted PKCS#8), OpenSSH and PGP blocks.
 * A match needs the BEGIN line, a base64 body and the matching END line, so prose that names a
 * header, public keys and certificates (other labels) never match. The body may carry
 * RFC 1421 / OpenPGP headers (Proc-Type, DEK-Info, Version, Comment), be indented (YAML),
 * commented out, quoted, or written with literal {@code \n} escapes (a key pasted into JSON).
 */
final class KeyBlockDetector implements Detector {
    static final Detector INSTANCE = new KeyBlockDetector();

    static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the anchor pair ("-B") inside {@link #BEGIN}. */
    static final int ANCHOR_OFFSET = 4;
    /** Longest body read; a 4096-bit PGP secret key block is about 7 KiB. */
    static final int MAX_BODY = 64 * 1024;
    private static final byte[] END = "-----END ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DASHES = "-----".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LABEL = 40;
    /** A real key body is hundreds of characters drawn from the whole base64 alphabet. */
    private static final int MIN_BODY_CHARS = 64;
    private static final int MIN_DISTINCT = 16;

    private static final Map<String, SecretKind> LABELS = Map.of(
            "RSA PRIVATE KEY", SecretKind.RSA_PRIVATE_KEY,
            "EC PRIVATE KEY", SecretKind.EC_PRIVATE_KEY,
            "DSA PRIVATE KEY", SecretKind.DSA_PRIVATE_KEY,
            "PRIVATE KEY", SecretKind.PKCS8_PRIVATE_KEY,
            "ENCRYPTED PRIVATE KEY", SecretKind.ENCRYPTED_PKCS8_PRIVATE_KEY,
            "OPENSSH PRIVATE KEY", SecretKind.OPENSSH_PRIVATE_KEY,
            "PGP PRIVATE KEY BLOCK", SecretKind.PGP_PRIVATE_KEY_BLOCK);

    private KeyBlockDetector() {
    }

    @Override
    public Match match(byte[] b, int anchor, int lo, int hi) {
        return anchor - ANCHOR_OFFSET >= lo ? detect(b, anchor - ANCHOR_OFFSET, hi) : null;
    }

    /** A key block starting at {@code start} (the first '-' of BEGIN), or null. */
    static Match detect(byte[] b, int start, int hi) {
        if (!Ascii.startsWith(b, start, hi, BEGIN)) {
            return null;
        }
        int labelFrom = start + BEGIN.length;
        int labelTo = indexOf(b, labelFrom, Math.min(hi, labelFrom + MAX_LABEL + DASHES.length), DASHES);
        if (labelTo < 0) {
            return null;
        }
        String label = new String(b, labelFrom, labelTo - labelFrom, StandardCharsets.US_ASCII);
        SecretKind kind = LABELS.get(label);
        if (kind == null) {
            return null;
        }
        return readBody(b, labelTo + DASHES.length, Math.min(hi, labelTo + MAX_BODY), start, label, kind);
    }

    private static Match readBody(byte[] b, int from, int limit, int start, String label, SecretKind kind) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        int p = from;
        while (p < limit) {
            int e = p;
            while (e < limit && b[e] != '\n' && !escapedBreak(b, e, limit)) {
                e++;
            }
            int next = e < limit && b[e] == '\\' ? e + 2 : e + 1;
            int s = trimStart(b, p, e);
            int t = trimEnd(b, s, e);
            if (s < t) {
                if (Ascii.startsWith(b, s, t, END)) {
                    return footerMatches(b, s + END.length, t, label) && plausible(body.toByteArray())
                            ? new Match(start, Math.min(e, limit), kind, Fingerprint.of(body.toByteArray()))
                            : null;
                }
                if (body.size() == 0 && isHeader(b, s, t)) {
                    p = next;
                    continue;
                }
                for (int i = s; i < t; i++) {
                    if (!Ascii.base64(b[i])) {
                        return null; // prose, a placeholder, or something else that is not a key body
                    }
                }
                body.write(b, s, t - s);
            }
            p = next;
        }
        return null;
    }

    private static boolean footerMatches(byte[] b, int from, int to, String label) {
        byte[] expected = label.concat("-----").getBytes(StandardCharsets.US_ASCII);
        return Ascii.startsWith(b, from, to, expected);
    }

    private static boolean plausible(byte[] body) {
        return body.length >= MIN_BODY_CHARS && Ascii.distinct(body, 0, body.length) >= MIN_DISTINCT;
    }

    /** "Proc-Type: 4,ENCRYPTED", "Version: GnuPG v2", "Comment: ..." before the base64 data. */
    private static boolean isHeader(byte[] b, int s, int t) {
        int i = s;
        while (i < t && (Ascii.alnum(b[i]) || b[i] == '-')) {
            i++;
        }
        return i > s && i < t && b[i] == ':';
    }

    /** A literal backslash-n or backslash-r: a key pasted into a JSON or code string. */
    private static boolean escapedBreak(byte[] b, int i, int limit) {
        return b[i] == '\\' && i + 1 < limit && (b[i + 1] == 'n' || b[i + 1] == 'r');
    }

    /** Skips indentation, quotes and comment markers that wrap each line of a pasted key. */
    private static int trimStart(byte[] b, int s, int e) {
        int i = s;
        while (i < e) {
            byte c = b[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\'' || c == '#' || c == ';' || c == '*') {
                i++;
            } else if (c == '/' && i + 2 < e && b[i + 1] == '/' && b[i + 2] == ' ') {
                i += 3; // "// " only: base64 itself may start with "//"
            } else {
                break;
            }
        }
        return i;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        int i = e;
        while (i > s) {
            byte c = b[i - 1];
            if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\'' || c == ',') {
                i--;
            } else {
                break;
            }
        }
        return i;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] literal) {
        for (int i = from; i + literal.length <= to; i++) {
            if (Ascii.startsWith(b, i, to, literal)) {
                return i;
            }
        }
        return -1;
    }
}
