package io.inventiv.pipeline.gate.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * AWS access keys: an access key id ({@code AKIA} long-term, {@code ASIA} temporary, then 16
 * upper-case letters or digits) together with a secret access key (40 characters of base64
 * with upper case, lower case and digits) within {@value #NEARBY_LINES} lines of it. An id
 * alone grants nothing and is not reported. The documentation's example pair
 * ({@code AKIAIOSFODNN7EXAMPLE}, {@code wJalr…EXAMPLEKEY}) and values spelling EXAMPLE are not secrets.
 */
final class AwsKeyDetector implements Detector {
    static final Detector INSTANCE = new AwsKeyDetector();

    static final byte[] LONG_TERM = "AKIA".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEMPORARY = "ASIA".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the anchor byte ('I') inside the prefixes. */
    static final int ANCHOR_OFFSET = 2;
    static final int NEARBY_LINES = 5;
    /** How far the secret is looked for on either side, whatever the line lengths. */
    static final int NEARBY_BYTES = 4096;
    private static final int ID_LENGTH = 20;
    private static final int SECRET_LENGTH = 40;
    private static final byte[] EXAMPLE = "EXAMPLE".getBytes(StandardCharsets.US_ASCII);

    private AwsKeyDetector() {
    }

    @Override
    public Match match(byte[] b, int anchor, int lo, int hi) {
        return anchor - ANCHOR_OFFSET >= lo ? detect(b, anchor - ANCHOR_OFFSET, lo, hi) : null;
    }

    static Match detect(byte[] b, int start, int lo, int hi) {
        if (!Ascii.startsWith(b, start, hi, LONG_TERM) && !Ascii.startsWith(b, start, hi, TEMPORARY)) {
            return null;
        }
        int end = start + ID_LENGTH;
        if (end > hi || (start > lo && Ascii.word(b[start - 1])) || (end < hi && Ascii.word(b[end]))) {
            return null;
        }
        for (int i = start + LONG_TERM.length; i < end; i++) {
            if (!Ascii.upperOrDigit(b[i])) {
                return null;
            }
        }
        if (contains(b, start, end, EXAMPLE)) {
            return null;
        }
        int secret = findSecret(b, windowStart(b, lo, start), windowEnd(b, end, hi));
        if (secret < 0) {
            return null;
        }
        return new Match(start, end, SecretKind.AWS_ACCESS_KEY,
                Fingerprint.of(Arrays.copyOfRange(b, secret, secret + SECRET_LENGTH)));
    }

    private static int windowStart(byte[] b, int lo, int from) {
        int floor = Math.max(lo, from - NEARBY_BYTES);
        int p = Ascii.lineStart(b, floor, from);
        for (int n = 0; n < NEARBY_LINES && p > floor; n++) {
            p = Ascii.lineStart(b, floor, p - 1);
        }
        return p;
    }

    private static int windowEnd(byte[] b, int from, int hi) {
        int ceiling = Math.min(hi, from + NEARBY_BYTES);
        int p = Ascii.lineEnd(b, from, ceiling);
        for (int n = 0; n < NEARBY_LINES && p < ceiling; n++) {
            p = Ascii.lineEnd(b, p + 1, ceiling);
        }
        return p;
    }

    /** Start of the first 40-character run of secret-key characters in [from, to), or -1. */
    private static int findSecret(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (!secretChar(b[i])) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < to && secretChar(b[runEnd])) {
                runEnd++;
            }
            if (runEnd - i == SECRET_LENGTH && !glued(b, i, runEnd, from, to) && mixed(b, i, runEnd)
                    && !contains(b, i, runEnd, EXAMPLE)) {
                return i;
            }
            i = runEnd;
        }
        return -1;
    }

    private static boolean secretChar(byte c) {
        return Ascii.alnum(c) || c == '/' || c == '+';
    }

    /** Padding or a word character right after means a longer value (base64 data, an identifier). */
    private static boolean glued(byte[] b, int s, int e, int from, int to) {
        return (s > from && (b[s - 1] == '_' || b[s - 1] == '=')) || (e < to && (b[e] == '_' || b[e] == '='));
    }

    /** Upper case, lower case and digits: rules out hex digests (git SHAs) and words. */
    private static boolean mixed(byte[] b, int s, int e) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    private static boolean contains(byte[] b, int from, int to, byte[] literal) {
        for (int i = from; i + literal.length <= to; i++) {
            if (Ascii.startsWith(b, i, to, literal)) {
                return true;
            }
        }
        return false;
    }
}
