package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans one file at a time for one worker thread, reusing its buffer. Small files are read
 * whole; large ones are streamed in chunks that overlap by what a detector may read on either
 * side of an anchor, so memory stays bounded and nothing on a chunk boundary is missed.
 * Not thread-safe: one instance per worker.
 */
final class FileScanner {
    static final int BINARY_PROBE = 8 * 1024;
    static final String INLINE_MARKER = "inventiv:allow";
    private static final byte[] MARKER = INLINE_MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 8 * 1024 * 1024;

    /** What one file contributed. {@code binary} files were not searched. */
    record Outcome(List<Finding> findings, long bytes, boolean binary, int suppressed) {
    }

    private final Allowlist allowlist;
    private final int chunk;
    private byte[] buf = new byte[64 * 1024];
    private final AnchorScan.Candidates candidates = new AnchorScan.Candidates();

    FileScanner(Allowlist allowlist) {
        this(allowlist, CHUNK);
    }

    /** {@code chunk} is the streaming unit; tests make it small to put secrets on boundaries. */
    FileScanner(Allowlist allowlist, int chunk) {
        this.allowlist = allowlist;
        // Each round moves on by chunk - LOOKAHEAD - LOOKBACK bytes: keep that most of a chunk.
        this.chunk = Math.max(chunk, 4 * (AnchorScan.LOOKAHEAD + AnchorScan.LOOKBACK));
    }

    /** Null when the path is not a readable regular file (a symlink, a submodule, deleted). */
    Outcome scan(Path file, String displayPath) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            return size <= chunk ? whole(ch, (int) size, displayPath) : streamed(ch, size, displayPath);
        } catch (IOException e) {
            return null;
        }
    }

    private Outcome whole(FileChannel ch, int size, String path) throws IOException {
        ensureCapacity(size);
        int n = fill(ch, 0, size);
        if (looksBinary(n)) {
            return new Outcome(List.of(), 0, true, 0);
        }
        Collector c = new Collector(path);
        AnchorScan.scan(buf, 0, 0, n, n, candidates, c.at(0, 0, n));
        return new Outcome(c.findings, n, false, c.suppressed);
    }

    /**
     * The buffer holds [kept bytes | new bytes]. Anchors in the buffer's last LOOKAHEAD bytes wait
     * for the next round, which keeps LOOKBACK bytes before them so detectors still see context.
     */
    private Outcome streamed(FileChannel ch, long size, String path) throws IOException {
        ensureCapacity(chunk);
        int n = fill(ch, 0, chunk);
        if (looksBinary(n)) {
            return new Outcome(List.of(), 0, true, 0);
        }
        Collector c = new Collector(path);
        long total = n;
        int scanFrom = 0;
        int linesBefore = 0;
        while (true) {
            boolean last = n < chunk;
            int scanTo = last ? n : n - AnchorScan.LOOKAHEAD;
            int resume = AnchorScan.scan(buf, 0, scanFrom, scanTo, n, candidates, c.at(linesBefore, 0, n));
            if (last) {
                break;
            }
            int keepFrom = scanTo - AnchorScan.LOOKBACK;
            linesBefore += newlines(buf, 0, keepFrom);
            System.arraycopy(buf, keepFrom, buf, 0, n - keepFrom);
            n -= keepFrom;
            scanFrom = resume - keepFrom;
            int read = fill(ch, n, chunk - n);
            total += read;
            n += read;
        }
        return new Outcome(c.findings, total, false, c.suppressed);
    }

    private boolean looksBinary(int n) {
        int probe = Math.min(n, BINARY_PROBE);
        for (int i = 0; i < probe; i++) {
            if (buf[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private int fill(FileChannel ch, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
        while (bb.hasRemaining()) {
            if (ch.read(bb) < 0) {
                break;
            }
        }
        return bb.position() - off;
    }

    private void ensureCapacity(int size) {
        if (buf.length < size) {
            buf = new byte[Math.max(size, buf.length * 2)];
        }
    }

    private static int newlines(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Turns matches into findings: line numbers, the inline marker, allowlisted fingerprints. */
    private final class Collector {
        final String path;
        final List<Finding> findings = new ArrayList<>(0);
        int suppressed;

        Collector(String path) {
            this.path = path;
        }

        AnchorScan.Sink at(int linesBefore, int lo, int hi) {
            int[] cursor = {lo, linesBefore + 1}; // position and the line it is on, counted incrementally
            return m -> {
                if (m.start() < cursor[0]) {
                    cursor[0] = lo;
                    cursor[1] = linesBefore + 1;
                }
                cursor[1] += newlines(buf, cursor[0], m.start());
                cursor[0] = m.start();
                if (markedAllowed(m.start(), lo, hi) || allowlist.allowsFingerprint(m.fingerprint())) {
                    suppressed++;
                } else {
                    findings.add(new Finding(path, cursor[1], m.kind().id(), m.fingerprint()));
                }
            };
        }

        /** The marker on the secret's first line, or on the line just above (a comment over a key block). */
        private boolean markedAllowed(int pos, int lo, int hi) {
            int lineStart = Ascii.lineStart(buf, Math.max(lo, pos - AnchorScan.LOOKBACK), pos);
            int from = lineStart > lo ? Ascii.lineStart(buf, Math.max(lo, pos - AnchorScan.LOOKBACK), lineStart - 1) : lineStart;
            int to = Ascii.lineEnd(buf, pos, Math.min(hi, pos + AnchorScan.LOOKAHEAD));
            for (int i = from; i + MARKER.length <= to; i++) {
                if (buf[i] == 'i' && Ascii.startsWith(buf, i, to, MARKER)) {
                    return true;
                }
            }
            return false;
        }
    }
}
