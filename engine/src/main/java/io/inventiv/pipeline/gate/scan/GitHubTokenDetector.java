package io.inventiv.pipeline.gate.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GitHub tokens in their real shapes: {@code ghp_} (classic personal access token) and
 * {@code gho_} (OAuth) followed by exactly 36 base62 characters, and {@code github_pat_}
 * (fine-grained) followed by 22 base62, '_', 59 base62. A token glued to more word characters
 * is some other identifier; one with few distinct characters is a placeholder
 * ({@code ghp_xxxx…}).
 */
final class GitHubTokenDetector implements Detector {
    static final Detector INSTANCE = new GitHubTokenDetector();

    static final byte[] CLASSIC = "ghp_".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OAUTH = "gho_".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FINE_GRAINED = "github_pat_".getBytes(StandardCharsets.US_ASCII);
    private static final int CLASSIC_BODY = 36;
    private static final int FINE_GRAINED_HEAD = 22;
    private static final int FINE_GRAINED_TAIL = 59;
    /** 36 random base62 characters hold about 28 distinct ones; a placeholder holds a handful. */
    private static final int MIN_DISTINCT = 12;

    private GitHubTokenDetector() {
    }

    @Override
    public Match match(byte[] b, int anchor, int lo, int hi) {
        return detect(b, anchor, lo, hi);
    }

    /** A token starting at {@code start} (its 'g'), or null. */
    static Match detect(byte[] b, int start, int lo, int hi) {
        if (start > lo && Ascii.word(b[start - 1])) {
            return null;
        }
        if (Ascii.startsWith(b, start, hi, CLASSIC)) {
            return classic(b, start, hi, SecretKind.GITHUB_PERSONAL_ACCESS_TOKEN);
        }
        if (Ascii.startsWith(b, start, hi, OAUTH)) {
            return classic(b, start, hi, SecretKind.GITHUB_OAUTH_TOKEN);
        }
        if (Ascii.startsWith(b, start, hi, FINE_GRAINED)) {
            return fineGrained(b, start, hi);
        }
        return null;
    }

    private static Match classic(byte[] b, int start, int hi, SecretKind kind) {
        int body = start + CLASSIC.length;
        int end = body + CLASSIC_BODY;
        if (!alnumRun(b, body, end, hi) || endsInWord(b, end, hi)
                || Ascii.distinct(b, body, end) < MIN_DISTINCT) {
            return null;
        }
        return match(b, start, end, kind);
    }

    private static Match fineGrained(byte[] b, int start, int hi) {
        int head = start + FINE_GRAINED.length;
        int sep = head + FINE_GRAINED_HEAD;
        int end = sep + 1 + FINE_GRAINED_TAIL;
        if (!alnumRun(b, head, sep, hi) || b[sep] != '_' || !alnumRun(b, sep + 1, end, hi)
                || endsInWord(b, end, hi) || Ascii.distinct(b, head, end) < MIN_DISTINCT) {
            return null;
        }
        return match(b, start, end, SecretKind.GITHUB_FINE_GRAINED_TOKEN);
    }

    private static Match match(byte[] b, int start, int end, SecretKind kind) {
        return new Match(start, end, kind, Fingerprint.of(Arrays.copyOfRange(b, start, end)));
    }

    private static boolean alnumRun(byte[] b, int from, int to, int hi) {
        if (to > hi) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Ascii.alnum(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsInWord(byte[] b, int end, int hi) {
        return end < hi && Ascii.word(b[end]);
    }
}
