package io.inventiv.pipeline.gate.scan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The prefilter: walks a buffer eight bytes at a time looking for one anchor byte of each
 * trigger literal ({@code -----BEGIN }'s 'B', {@code PuTTY}'s 'Y', the 'g' of {@code ghp_},
 * {@code gho_} and {@code github_pat_}, the 'I' of {@code AKIA}/{@code ASIA}). These are among
 * the rarest bytes of their literals in source code, so most 8-byte words are passed over with
 * a handful of arithmetic operations (SWAR) and the detectors run only where a literal starts.
 */
final class AnchorScan {
    /** Receives each detector hit, in increasing order of position. */
    interface Sink {
        void accept(Match match);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long B = ONES * 'B';
    private static final long Y = ONES * 'Y';
    private static final long G = ONES * 'g';
    private static final long I = ONES * 'I';

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
    static int scan(byte[] b, int lo, int from, int to, int hi, Sink sink) {
        int skipUntil = from;
        int i = from;
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if ((zeroByte(w ^ B) | zeroByte(w ^ Y) | zeroByte(w ^ G) | zeroByte(w ^ I)) != 0) {
                for (int j = Math.max(i, skipUntil); j < i + 8; j++) {
                    Match m = at(b, j, lo, hi);
                    if (m != null) {
                        sink.accept(m);
                        skipUntil = Math.max(skipUntil, m.end());
                    }
                }
            }
            i = Math.max(i + 8, skipUntil);
        }
        for (int j = Math.max(i, skipUntil); j < to; j++) {
            if (j < skipUntil) {
                continue;
            }
            Match m = at(b, j, lo, hi);
            if (m != null) {
                sink.accept(m);
                skipUntil = Math.max(skipUntil, m.end());
            }
        }
        return Math.max(to, skipUntil);
    }

    /** Non-zero when some byte of {@code v} is zero (the high bit of a lower byte may be spurious). */
    private static long zeroByte(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    private static Match at(byte[] b, int j, int lo, int hi) {
        switch (b[j]) {
            case 'B':
                return j - KeyBlockDetector.ANCHOR_OFFSET >= lo
                        ? KeyBlockDetector.detect(b, j - KeyBlockDetector.ANCHOR_OFFSET, hi) : null;
            case 'Y':
                return j - PuttyKeyDetector.ANCHOR_OFFSET >= lo
                        ? PuttyKeyDetector.detect(b, j - PuttyKeyDetector.ANCHOR_OFFSET, lo, hi) : null;
            case 'g':
                return GitHubTokenDetector.detect(b, j, lo, hi);
            case 'I':
                return j - AwsKeyDetector.ANCHOR_OFFSET >= lo
                        ? AwsKeyDetector.detect(b, j - AwsKeyDetector.ANCHOR_OFFSET, lo, hi) : null;
            default:
                return null;
        }
    }
}
