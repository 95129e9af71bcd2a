package io.inventiv.pipeline.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The engine's stdout and stderr: every byte any part of the engine prints passes through the
 * redactor a line at a time, so a path that forgets to scrub cannot leak. A partial line waits
 * for its end (PrintStream flushes after every print, which would cut a secret printed in two
 * pieces), up to {@link #MAX_LINE} bytes, or for {@link #drain} when the engine exits; a drain
 * never splits a character.
 */
public final class RedactingOutputStream extends OutputStream {
    static final int MAX_LINE = 64 * 1024;
    private final OutputStream target;
    private final Redactor redactor;
    private final Charset charset;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    public RedactingOutputStream(OutputStream target, Redactor redactor, Charset charset) {
        this.target = target;
        this.redactor = redactor;
        this.charset = charset;
    }

    /** Replaces System.out and System.err with redacting streams over the same descriptors. */
    public static void installOnConsole(Redactor redactor) {
        Charset charset = Charset.defaultCharset();
        System.setOut(wrap(System.out, redactor, charset));
        System.setErr(wrap(System.err, redactor, charset));
    }

    /** Writes what the console streams still hold (a last line without its end), scrubbed. */
    public static void drainConsole() {
        for (PrintStream console : new PrintStream[] {System.out, System.err}) {
            console.flush();
            if (console instanceof Redacting r) {
                r.drain();
            }
        }
    }

    private static PrintStream wrap(PrintStream console, Redactor redactor, Charset charset) {
        if (console instanceof Redacting) {
            return console;
        }
        return new Redacting(new RedactingOutputStream(console, redactor, charset), charset);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit(line.size());
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i + 1 - start);
                start = i + 1;
                emit(line.size());
            }
        }
        line.write(b, start, off + len - start);
        if (line.size() > MAX_LINE) {
            drain();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    /** Writes the partial line too, up to its last whole character. */
    public synchronized void drain() throws IOException {
        if (line.size() > 0) {
            emit(completeCharacters(line.toByteArray()));
        }
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        drain();
        target.close();
    }

    /** Writes the first {@code n} buffered bytes, scrubbed, and keeps the rest. */
    private void emit(int n) throws IOException {
        byte[] all = line.toByteArray();
        String text = new String(all, 0, n, charset);
        target.write(redactor.scrub(text).getBytes(charset));
        line.reset();
        line.write(all, n, all.length - n);
        if (n > 0 && all[n - 1] == '\n') {
            target.flush();
        }
    }

    /** How many leading bytes end on a character boundary (UTF-8 continuation bytes are 10xxxxxx). */
    private static int completeCharacters(byte[] bytes) {
        int end = bytes.length;
        int lead = end - 1;
        while (lead > 0 && lead > end - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = bytes[lead] & 0xFF;
        int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed <= end ? end : lead;
    }

    /** A console stream already wrapped. */
    private static final class Redacting extends PrintStream {
        private final RedactingOutputStream redacting;

        Redacting(RedactingOutputStream out, Charset charset) {
            super(out, true, charset);
            this.redacting = out;
        }

        void drain() {
            try {
                redacting.drain();
            } catch (IOException e) {
                setError();
            }
        }
    }
}
