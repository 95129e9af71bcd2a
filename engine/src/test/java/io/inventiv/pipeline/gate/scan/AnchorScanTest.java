package io.inventiv.pipeline.gate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The SWAR prefilter against the obvious byte-by-byte search: on text dense in the pairs' bytes
 * and their one-bit neighbours ('h'/'i' share a test; the short zero-byte test may flag the byte
 * above a hit), every pair is found at every offset, and every extra candidate is harmless.
 */
class AnchorScanTest {
    private static final String[] PAIRS = {"-B", "-K", "gh", "gi", "IA"};
    /** Let through by the test that "-B" and "-K" share (B, C, J and K differ in bits 0 and 3). */
    private static final List<String> SHARED_TEST_EXTRAS = List.of("-C", "-J");
    /** The pairs' bytes with the high bit set (UTF-8 continuation and lead bytes), 0x80 and 0xFF. */
    private static final byte[] NON_ASCII = {(byte) 0xAD, (byte) 0xC2, (byte) 0xCB, (byte) 0xE7, (byte) 0xE8,
        (byte) 0xE9, (byte) 0xC9, (byte) 0xC1, (byte) 0x80, (byte) 0xFF};

    private static List<Integer> reference(byte[] b, int from, int to, int hi) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to && i + 1 < hi; i++) {
            String pair = new String(b, i, 2, StandardCharsets.ISO_8859_1);
            if (List.of(PAIRS).contains(pair)) {
                at.add(i);
            }
        }
        return at;
    }

    /** All candidates of [from, to), over as many passes as the candidate array needs. */
    private static TreeSet<Integer> candidates(byte[] b, int from, int to, int hi) {
        AnchorScan.Candidates found = new AnchorScan.Candidates();
        TreeSet<Integer> all = new TreeSet<>();
        int pos = from;
        while (pos < to) {
            pos = AnchorScan.find(b, pos, to, hi, found);
            for (int k = 0; k < found.count; k++) {
                all.add(found.at[k]);
            }
        }
        return all;
    }

    @Test
    void everyPairIsFoundAtEveryOffsetOfDenseRandomText() {
        // The pairs' bytes, their one- and two-bit neighbours, NUL and non-ASCII bytes.
        byte[] alphabet = "BKCJ-,/gfhijIHKAC@ \n".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[1 + random.nextInt(300)];
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(alphabet.length + 3);
                b[i] = r < alphabet.length ? alphabet[r] : r == alphabet.length ? 0 : NON_ASCII[random.nextInt(NON_ASCII.length)];
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            int hi = to + random.nextInt(b.length - to + 1);
            TreeSet<Integer> found = candidates(b, from, to, hi);
            List<Integer> expected = reference(b, from, to, hi);
            assertThat(found).as("round %d", round).containsAll(expected);
            for (int c : found) {
                assertThat(c).isBetween(from, to - 1);
                // An extra candidate is a pair the shared test lets through, or sits right above a
                // true one (a borrow); never anything else.
                String pair = c + 1 < b.length ? new String(b, c, 2, StandardCharsets.ISO_8859_1) : "";
                assertThat(expected.contains(c) || SHARED_TEST_EXTRAS.contains(pair) || found.contains(c - 1))
                        .as("candidate %d in round %d", c, round).isTrue();
            }
        }
    }

    @Test
    void aPairOnTheLastByteBeforeTheLimitIsSeenOnlyWhenItsSecondByteIsReadable() {
        byte[] b = "xxxxxxxxxxxxxxxgh".getBytes(StandardCharsets.US_ASCII);
        assertThat(candidates(b, 0, b.length, b.length)).containsExactly(15);
        assertThat(candidates(b, 0, 16, b.length)).as("the anchor inside [from, to), its pair beyond").containsExactly(15);
        assertThat(candidates(b, 0, 16, 16)).as("the second byte beyond hi").isEmpty();
    }
}
