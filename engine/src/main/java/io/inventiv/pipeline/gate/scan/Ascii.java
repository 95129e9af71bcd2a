package io.inventiv.pipeline.gate.scan;

/** Byte classes the detectors share; the files are read as bytes, never decoded. */
final class Ascii {
    private static final boolean[] BASE64 = new boolean[256];
    private static final boolean[] ALNUM = new boolean[256];

    static {
        for (int c = 'A'; c <= 'Z'; c++) {
            BASE64[c] = ALNUM[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            BASE64[c] = ALNUM[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            BASE64[c] = ALNUM[c] = true;
        }
        BASE64['+'] = BASE64['/'] = BASE64['='] = true;
    }

    private Ascii() {
    }

    static boolean base64(byte b) {
        return BASE64[b & 0xff];
    }

    static boolean alnum(byte b) {
        return ALNUM[b & 0xff];
    }

    /** Part of an identifier: a token glued to one of these is a longer word, not a token. */
    static boolean word(byte b) {
        return ALNUM[b & 0xff] || b == '_';
    }

    static boolean upperOrDigit(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }

    static boolean startsWith(byte[] buf, int at, int end, byte[] literal) {
        if (at < 0 || at + literal.length > end) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (buf[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    /** Distinct byte values in a range: placeholders ("XXXX", "abcabc") have few, secrets many. */
    static int distinct(byte[] buf, int from, int to) {
        boolean[] seen = new boolean[256];
        int n = 0;
        for (int i = from; i < to; i++) {
            int v = buf[i] & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                n++;
            }
        }
        return n;
    }

    static int lineStart(byte[] buf, int lo, int pos) {
        int i = pos;
        while (i > lo && buf[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    static int lineEnd(byte[] buf, int pos, int hi) {
        int i = pos;
        while (i < hi && buf[i] != '\n') {
            i++;
        }
        return i;
    }
}
