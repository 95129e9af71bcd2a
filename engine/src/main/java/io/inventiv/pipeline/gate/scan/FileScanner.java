package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    private static final int READ_SLICE = 1024 * 1024;
    private static final int ONE_READ = 64 * 1024;

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

    /**
     * Loads, initialises and links the scan code (prefilter, detectors, line counting) on a few
     * bytes of text that hold every anchor pair, and the SHA-256 of fingerprints (the security
     * providers' start-up, about 25 ms, which the first match would otherwise wait for, allowed
     * or not), so that a helper thread can do it while the file list is read. Nothing is reported.
     */
    static void warmUp() {
        FileScanner scanner = new FileScanner(Allowlist.NONE);
        byte[] text = "-----BEGIN X\n-K ghost gist IAM\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, scanner.buf, 0, text.length);
        if (!scanner.looksBinary(text.length)) {
            AnchorScan.scan(scanner.buf, 0, 0, text.length, text.length, scanner.candidates,
                    scanner.new Collector("", 0, 0, text.length));
        }
        Fingerprint.of(text);
    }

    /**
     * Null when the file cannot be read (deleted from the work tree, now a directory). Symlinks
     * and submodules never get here: {@link TrackedFiles} drops them. RandomAccessFile rather
     * than FileChannel: far less Java code per file for a one-shot JVM to interpret and compile.
     */
    Outcome scan(Path file, String displayPath) {
        return scan(file.toString(), displayPath);
    }

    /**
     * The same for a file name as a string: a Path per file costs an encode, a normalise and a
     * decode of its name, and on a one-shot run the JIT compiles all of that for 20 000 files.
     */
    Outcome scan(String file, String displayPath) {
        try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
            long size = in.length();
            return size <= chunk ? whole(in, (int) size, displayPath) : streamed(in, displayPath);
        } catch (IOException e) {
            return null;
        }
    }

    private Outcome whole(RandomAccessFile ch, int size, String path) throws IOException {
        ensureCapacity(size);
        // A small file in one read (most source files: one system call fewer each); a larger one
        // is probed first, so a large binary (an image, a font) is not read beyond its first 8 KiB.
        int first = size <= ONE_READ ? size : BINARY_PROBE;
        int n = fill(ch, 0, first);
        if (looksBinary(n)) {
            return new Outcome(List.of(), 0, true, 0);
        }
        if (n == first && n < size) {
            n += fill(ch, n, size - n);
        }
        Collector c = new Collector(path, 0, 0, n);
        AnchorScan.scan(buf, 0, 0, n, n, candidates, c);
        return new Outcome(c.findings, n, false, c.suppressed);
    }

    /**
     * The buffer holds [kept bytes | new bytes]. Anchors in the buffer's last LOOKAHEAD bytes wait
     * for the next round, which keeps LOOKBACK bytes before them so detectors still see context.
     */
    private Outcome streamed(RandomAccessFile ch, String path) throws IOException {
        ensureCapacity(chunk);
        int n = fill(ch, 0, BINARY_PROBE);
        if (looksBinary(n)) {
            return new Outcome(List.of(), 0, true, 0);
        }
        n += fill(ch, n, chunk - n);
        Collector c = new Collector(path, 0, 0, n);
        long total = n;
        int scanFrom = 0;
        int linesBefore = 0;
        while (true) {
            boolean last = n < chunk;
            int scanTo = last ? n : n - AnchorScan.LOOKAHEAD;
            c.window(linesBefore, 0, n);
            int resume = AnchorScan.scan(buf, 0, scanFrom, scanTo, n, candidates, c);
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
        return AnchorScan.hasNul(buf, Math.min(n, BINARY_PROBE));
    }

    private int fill(RandomAccessFile in, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            // Slices of at most 1 MiB: the JDK mallocs a native buffer of the read's size.
            int n = in.read(buf, off + done, Math.min(len - done, READ_SLICE));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
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
    private final class Collector implements AnchorScan.Sink {
        final String path;
        final List<Finding> findings = new ArrayList<>(0);
        int suppressed;
        // The buffer window [lo, hi) being scanned, the lines before it, and a cursor: a
        // position and the line it is on, so line numbers are counted incrementally.
        private int linesBefore;
        private int lo;
        private int hi;
        private int cursor;
        private int cursorLine;

        Collector(String path, int linesBefore, int lo, int hi) {
            this.path = path;
            window(linesBefore, lo, hi);
        }

        void window(int linesBefore, int lo, int hi) {
            this.linesBefore = linesBefore;
            this.lo = lo;
            this.hi = hi;
            this.cursor = lo;
            this.cursorLine = linesBefore + 1;
        }

        @Override
        public void accept(Match m) {
            if (m.start() < cursor) {
                cursor = lo;
                cursorLine = linesBefore + 1;
            }
            cursorLine += newlines(buf, cursor, m.start());
            cursor = m.start();
            if (markedAllowed(m.start(), lo, hi) || allowlist.allowsFingerprint(m.fingerprint())) {
                suppressed++;
            } else {
                findings.add(new Finding(path, cursorLine, m.kind().id(), m.fingerprint()));
            }
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
