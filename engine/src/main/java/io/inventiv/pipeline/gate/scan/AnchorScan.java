package io.inventiv.pipeline.gate.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The prefilter: walks a buffer eight bytes at a time (SWAR arithmetic on longs) looking for
 * one rare byte pair of each trigger literal: "-B" of {@code -----BEGIN }, "-K" of
 * {@code PuTTY-User-Key-File-}, "gh" of {@code ghp_}/{@code gho_}, "gi" of {@code github_pat_},
 * "IA" of {@code AKIA}/{@code ASIA}. The detectors (which check the whole literal, then the
 * secret's shape) run only there, and the loop has no data-dependent branch except on a hit.
 * <p>
 * The loop is written for the code a one-shot JVM runs: C1's (the launcher stops the JIT
 * there), which neither unrolls nor schedules, so its speed is its count of operations. A pair
 * (x, y) is one zero-byte test of {@code (word ^ x) | (nextWord ^ y)}; pairs whose bytes differ
 * in a bit or two share a test by masking those bits ('h'/'i' differ in bit 0; 'B'/'K' in bits
 * 0 and 3, which also lets "-C" and "-J" through: about 8 candidates per MB of source code,
 * against 78 for the "BE" this replaced); and the zero-byte test is the short one for ASCII,
 * which may also flag the byte just above a true hit (an extra candidate costs one detector
 * call). About twenty operations per word where there were sixty: best of 25 in-process runs,
 * C1, one core, 1.0 GB/s with nine byte comparisons, 1.36 with four pair tests, 1.5 with
 * three, 1.6 with the ASCII zero test.
 */
final class AnchorScan {
    /** Receives each detector hit, in increasing order of position. */
    interface Sink {
        void accept(Match match);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    // First byte of each pair (compared with the word at i) and second byte (word at i + 1).
    private static final long DASH = ONES * '-';
    private static final long B = ONES * 'B';
    /** Clears bits 0 and 3 of each byte: 'B' ^ 'K' == 0x09, so {@code ((x ^ B) & B_OR_K) == 0} for both. */
    private static final long B_OR_K = ~(ONES * 0x09);
    private static final long G = ONES * 'g';
    private static final long H = ONES * 'h';
    /** Clears each byte's lowest bit: 'h' ^ 'i' == 1, so {@code ((x ^ H) & H_OR_I) == 0} for both. */
    private static final long H_OR_I = ~ONES;
    private static final long I = ONES * 'I';
    private static final long A = ONES * 'A';

    /** The detector of each pair: by its first byte, and after '-' by its second. */
    private static final Detector[] BY_FIRST_BYTE = new Detector[256];
    private static final Detector[] AFTER_DASH = new Detector[256];

    static {
        AFTER_DASH['B'] = KeyBlockDetector.INSTANCE;
        AFTER_DASH['K'] = PuttyKeyDetector.INSTANCE;
        BY_FIRST_BYTE['g'] = GitHubTokenDetector.INSTANCE;
        BY_FIRST_BYTE['I'] = AwsKeyDetector.INSTANCE;
    }

    /** How far before an anchor a detector looks (the literal's start, an AWS secret's lines). */
    static final int LOOKBACK = AwsKeyDetector.NEARBY_BYTES + 64;
    /** How far after an anchor a detector may read (a key body, a .ppk file). */
    static final int LOOKAHEAD = KeyBlockDetector.MAX_BODY + 1024;

    private AnchorScan() {
    }

    /**
     * Runs the detectors at every anchor in {@code [from, to)}. Detectors may look back to
     * {@code lo} and ahead to {@code hi}. Returns where the next scan should start: {@code to},
     * or the end of a match that reached past it.
     */
    static int scan(byte[] b, int lo, int from, int to, int hi, Candidates found, Sink sink) {
        int skipUntil = from;
        int pos = from;
        while (pos < to) {
            pos = find(b, pos, to, hi, found);
            for (int k = 0; k < found.count; k++) {
                int j = found.at[k];
                if (j >= skipUntil) {
                    skipUntil = Math.max(skipUntil, detect(b, j, lo, hi, sink));
                }
            }
            pos = Math.max(pos, skipUntil);
        }
        return Math.max(to, skipUntil);
    }

    /** Anchor positions of one pass (a pass stops early when the array is full); one per worker, reused. */
    static final class Candidates {
        final int[] at = new int[4096];
        int count;
    }

    /**
     * The hot loop, kept apart from the detectors so the JIT compiles it once, small and
     * branch-free, and a detector meeting a new kind of text does not deoptimise it.
     * Records anchors in [from, to) and returns where it stopped: {@code to}, or earlier when
     * {@code found} filled up.
     */
    static int find(byte[] b, int from, int to, int hi, Candidates found) {
        int[] at = found.at;
        int n = 0;
        int i = from;
        // The second word is read one byte further on: it must end before hi.
        int lastWord = Math.min(to, hi - 1) - 8;
        while (i <= lastWord) {
            long w = (long) LONGS.get(b, i);
            long next = (long) LONGS.get(b, i + 1);
            // Each v = (w ^ x) | (next ^ y) is zero in the bytes where the pair (x, y) starts;
            // below 0x80 everywhere the text is ASCII, so v - ONES sets a byte's high bit there
            // only where v is zero (or one, just above a zero: a borrow). Non-ASCII bytes, which
            // no pair holds, are masked out once for the three tests.
            long hits = ((((w ^ DASH) | ((next ^ B) & B_OR_K)) - ONES) | (((w ^ G) | ((next ^ H) & H_OR_I)) - ONES)
                    | (((w ^ I) | (next ^ A)) - ONES)) & ~(w | next) & HIGHS;
            if (hits != 0) {
                if (n > at.length - 8) {
                    found.count = n;
                    return i; // full: the next pass starts at this word
                }
                do {
                    at[n++] = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                    hits &= hits - 1;
                } while (hits != 0);
            }
            i += 8;
        }
        if (n > at.length - 8) {
            found.count = n;
            return i;
        }
        for (; i < to; i++) {
            if (i + 1 < hi && isPair(b[i], b[i + 1])) {
                at[n++] = i;
            }
        }
        found.count = n;
        return i;
    }

    /** Whether {@code b[0, n)} holds a NUL byte, eight bytes at a time. */
    static boolean hasNul(byte[] b, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (((w - ONES) & ~w & HIGHS) != 0) {
                return true;
            }
        }
        for (; i < n; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPair(byte first, byte second) {
        return (first == '-' && (second == 'B' || second == 'K'))
                || (first == 'g' && (second == 'h' || second == 'i')) || (first == 'I' && second == 'A');
    }

    /** Runs the detector of the anchor at j; returns the end of its match, or 0. */
    private static int detect(byte[] b, int j, int lo, int hi, Sink sink) {
        Match m = at(b, j, lo, hi);
        if (m == null) {
            return 0;
        }
        sink.accept(m);
        return m.end();
    }

    private static Match at(byte[] b, int j, int lo, int hi) {
        Detector d = b[j] != '-' ? BY_FIRST_BYTE[b[j] & 0xff] : j + 1 < hi ? AFTER_DASH[b[j + 1] & 0xff] : null;
        return d == null ? null : d.match(b, j, lo, hi);
    }
}
