package io.inventiv.pipeline.gate.scan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PuTTY private key files (.ppk, versions 2 and 3): a {@code PuTTY-User-Key-File-N:} line
 * followed, within the file's layout, by {@code Private-Lines: N} and N base64 lines. The
 * public part of a .ppk is public; the private lines are what make it a secret, so a text that
 * only names the format does not match.
 */
final class PuttyKeyDetector implements Detector {
    static final Detector INSTANCE = new PuttyKeyDetector();

    static final byte[] MAGIC = "PuTTY-User-Key-File-".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the anchor pair ("-K") inside {@link #MAGIC}. */
    static final int ANCHOR_OFFSET = 10;
    static final int MAX_SPAN = 32 * 1024;
    private static final byte[] PRIVATE_LINES = "Private-Lines:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PRIVATE_LINES = 1000;
    private static final int MIN_BODY_CHARS = 32;
    private static final int MIN_DISTINCT = 16;

    private PuttyKeyDetector() {
    }

    @Override
    public Match match(byte[] b, int anchor, int lo, int hi) {
        return anchor - ANCHOR_OFFSET >= lo ? detect(b, anchor - ANCHOR_OFFSET, lo, hi) : null;
    }

    static Match detect(byte[] b, int start, int lo, int hi) {
        if (!Ascii.startsWith(b, start, hi, MAGIC)) {
            return null;
        }
        int v = start + MAGIC.length;
        if (v + 1 >= hi || (b[v] != '2' && b[v] != '3') || b[v + 1] != ':'
                || (start > lo && b[start - 1] != '\n')) {
            return null;
        }
        int limit = Math.min(hi, start + MAX_SPAN);
        int p = Ascii.lineEnd(b, v, limit) + 1;
        while (p < limit) {
            int e = Ascii.lineEnd(b, p, limit);
            if (Ascii.startsWith(b, p, e, PRIVATE_LINES)) {
                return privateLines(b, p + PRIVATE_LINES.length, e, limit, start);
            }
            p = e + 1;
        }
        return null;
    }

    private static Match privateLines(byte[] b, int countFrom, int countTo, int limit, int start) {
        int count = 0;
        for (int i = countFrom; i < countTo; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                count = count * 10 + (c - '0');
                if (count > MAX_PRIVATE_LINES) {
                    return null;
                }
            } else if (c != ' ' && c != '\r') {
                return null;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        int p = countTo + 1;
        for (int n = 0; n < count; n++) {
            if (p >= limit) {
                return null;
            }
            int e = Ascii.lineEnd(b, p, limit);
            int t = e > p && b[e - 1] == '\r' ? e - 1 : e;
            if (t == p) {
                return null;
            }
            for (int i = p; i < t; i++) {
                if (!Ascii.base64(b[i])) {
                    return null;
                }
            }
            body.write(b, p, t - p);
            p = e + 1;
        }
        byte[] secret = body.toByteArray();
        if (secret.length < MIN_BODY_CHARS || Ascii.distinct(secret, 0, secret.length) < MIN_DISTINCT) {
            return null;
        }
        return new Match(start, Math.min(p, limit), SecretKind.PUTTY_PRIVATE_KEY, Fingerprint.of(secret));
    }
}
