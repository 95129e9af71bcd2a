package io.inventiv.pipeline.oci;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 message body framing: Content-Length and chunked, in both directions. */
final class HttpBody {
    /** What a body closed before its end may still hold and be skipped to keep the connection. */
    private static final long DRAIN_LIMIT = 64 * 1024;

    private HttpBody() {
    }

    /** A stream read in blocks: its one-byte read is a one-byte block. */
    private abstract static class BlockInputStream extends InputStream {
        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Exactly {@code length} bytes of the underlying stream, then end of stream. */
    static final class Fixed extends BlockInputStream {
        private final InputStream in;
        private long left;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the body");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        long left() {
            return left;
        }
    }

    /** A chunked body, decoded; trailers are read and dropped. */
    static final class Chunked extends BlockInputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean ended;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields: not used
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the connection closed " + chunkLeft + " bytes before the end of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line().isEmpty()) {
                throw new IOException("a chunk is longer than its size line says");
            }
            return n;
        }

        boolean ended() {
            return ended;
        }

        private long nextChunkSize() throws IOException {
            String l = line();
            int semicolon = l.indexOf(';');
            String hex = (semicolon >= 0 ? l.substring(0, semicolon) : l).trim();
            try {
                long size = !hex.isEmpty() && Character.digit(hex.charAt(0), 16) >= 0 ? Long.parseLong(hex, 16) : -1;
                if (size < 0) {
                    throw new NumberFormatException();
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line '" + (l.length() > 40 ? l.substring(0, 40) : l) + "'");
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(16);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection closed in the middle of a chunked body");
                }
                if (b.length() > 4096) {
                    throw new IOException("a chunk size or trailer line is too long");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }

    /**
     * The body as the caller sees it. Closing it after the end hands the connection back;
     * closing it before skips a short rest (to keep the connection) or closes the connection.
     */
    static final class Framed extends BlockInputStream {
        private final HttpConnection connection;
        private final InputStream body;
        private final Runnable done;
        private boolean atEnd;
        private boolean closed;

        Framed(HttpConnection connection, InputStream body, Runnable done) {
            this.connection = connection;
            this.body = body;
            this.done = done;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("body stream closed");
            }
            try {
                int n = body.read(b, off, len);
                if (n < 0) {
                    atEnd = true;
                }
                return n;
            } catch (IOException e) {
                connection.markUnusable();
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            return closed ? 0 : body.available();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!atEnd && !drained()) {
                connection.close();
            }
            if (connection.reusable()) {
                done.run();
            } else {
                connection.close();
            }
        }

        private boolean drained() {
            boolean small = body instanceof Fixed f ? f.left() <= DRAIN_LIMIT : body instanceof Chunked;
            if (!small) {
                return false;
            }
            try {
                byte[] skip = new byte[8192];
                long total = 0;
                for (int n = body.read(skip); n >= 0; n = body.read(skip)) {
                    total += n;
                    if (total > DRAIN_LIMIT) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** A streamed request body of a declared length; closing it checks the length was met. */
    static final class FixedOut extends FilterOutputStream {
        private long left;

        FixedOut(OutputStream out, long length) {
            super(out);
            this.left = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the body is longer than the Content-Length sent");
            }
            out.write(b, off, len);
            left -= len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
            if (left != 0) {
                throw new IOException("the body ended " + left + " bytes short of the Content-Length sent");
            }
        }
    }

    /** A streamed request body in chunks; closing it sends the last chunk. */
    static final class ChunkedOut extends FilterOutputStream {
        ChunkedOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        public void close() throws IOException {
            out.write(LAST_CHUNK);
            out.flush();
        }

        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    }
}
