package io.inventiv.pipeline.oci;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection to one origin, plain or TLS, used by one request at a time. A request
 * with a small body leaves in a single write: with Nagle's algorithm, a body written after its
 * headers waits for the peer's delayed ACK (up to 40 ms on Linux; it doubled a manifest PUT
 * through a 20 ms proxy). The socket has TCP_NODELAY too, for streamed uploads.
 */
final class HttpConnection implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    final String origin;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long idleSince;
    private boolean reusable = true;
    /** Whether any byte of the current request's answer arrived: a request is resent only before that. */
    private boolean answerStarted;
    /** Bytes of the answer's head read so far, interim answers included. */
    private int headBytes;

    HttpConnection(String origin, Socket socket) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** The answer's status line and headers; the body is read from {@link #body}. */
    record Head(int status, String reason, boolean closeAfter, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends the request line, headers and (when given) the whole body in one write. */
    void send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        answerStarted = false;
        ByteArrayOutputStream b = head(method, target, headers, body == null ? -2 : body.length);
        if (body != null) {
            b.write(body);
        }
        b.writeTo(out);
        out.flush();
    }

    /**
     * Sends the request head for a streamed body and returns where to write it: {@code length}
     * bytes exactly, or chunked when {@code length} is -1. Closing the stream ends the body.
     */
    OutputStream sendStreaming(String method, String target, Map<String, String> headers, long length)
            throws IOException {
        answerStarted = false;
        OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        head(method, target, headers, length < 0 ? -1 : length).writeTo(buffered);
        return length < 0 ? new HttpBody.ChunkedOut(buffered) : new HttpBody.FixedOut(buffered, length);
    }

    /** length: -2 no body, -1 chunked, else Content-Length. */
    private static ByteArrayOutputStream head(String method, String target, Map<String, String> headers, long length) {
        StringBuilder h = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            // A line break would end the header and start another (a token server's answer ends up here).
            if (hasLineBreak(k) || hasLineBreak(v)) {
                throw new IllegalArgumentException("the request header " + (hasLineBreak(k) ? "name" : k)
                        + " holds a line break");
            }
            h.append(k).append(": ").append(v).append("\r\n");
        }
        if (length == -1) {
            h.append("Transfer-Encoding: chunked\r\n");
        } else if (length >= 0) {
            h.append("Content-Length: ").append(length).append("\r\n");
        }
        h.append("\r\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream(h.length() + 1024);
        byte[] bytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        b.write(bytes, 0, bytes.length);
        return b;
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** Reads the answer's head, skipping interim (1xx) answers. */
    Head readHead() throws IOException {
        headBytes = 0;
        while (true) {
            String statusLine = line(true);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x answer: '" + abbreviate(statusLine) + "'");
            }
            if (!threeDigits(statusLine)) {
                throw new IOException("bad status line: '" + abbreviate(statusLine) + "'");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String l = line(false); !l.isEmpty(); l = line(false)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    String name = l.substring(0, colon).trim();
                    String value = l.substring(colon + 1).trim();
                    String first = headers.putIfAbsent(name, value);
                    // Which one frames the body? Guessing would desynchronise the connection.
                    if (first != null && "Content-Length".equalsIgnoreCase(name) && !first.equals(value)) {
                        throw new IOException("two different Content-Length headers ('" + abbreviate(first)
                                + "', '" + abbreviate(value) + "')");
                    }
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            String connection = headers.getOrDefault("Connection", "").toLowerCase(Locale.ROOT);
            boolean close = connection.contains("close") || statusLine.startsWith("HTTP/1.0")
                    && !connection.contains("keep-alive");
            return new Head(status, statusLine.substring(12).strip(), close, headers);
        }
    }

    /** "HTTP/1.x " then exactly three digits, then a space or the end (parseInt alone takes "-20" and "+20"). */
    private static boolean threeDigits(String statusLine) {
        for (int i = 9; i < 12; i++) {
            if (statusLine.charAt(i) < '0' || statusLine.charAt(i) > '9') {
                return false;
            }
        }
        return statusLine.length() == 12 || statusLine.charAt(12) == ' ';
    }

    /**
     * The body of the answer to {@code method}, framed by its headers. When the stream has been
     * read to its end and closed, {@code done} gets this connection back for reuse, unless the
     * answer said it closes; a stream closed early closes the connection.
     */
    InputStream body(String method, Head head, Runnable done) throws IOException {
        if (head.closeAfter()) {
            reusable = false;
        }
        int s = head.status();
        if (s == 101) {
            reusable = false; // switching protocols: the engine never asks to, and cannot speak what follows
        }
        if ("HEAD".equals(method) || s == 204 || s == 304 || s < 200) {
            return new HttpBody.Framed(this, new HttpBody.Fixed(in, 0), done);
        }
        String te = head.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            if (head.header("Content-Length") != null) {
                reusable = false; // both framings: RFC 9112 §6.1 says read it chunked, then close
            }
            return new HttpBody.Framed(this, new HttpBody.Chunked(in), done);
        }
        String cl = head.header("Content-Length");
        if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                throw new IOException("bad Content-Length '" + abbreviate(cl) + "'");
            }
            return new HttpBody.Framed(this, new HttpBody.Fixed(in, length), done);
        }
        reusable = false;
        return new HttpBody.Framed(this, in, done);
    }

    /** Whether a byte of the answer to the last request sent has arrived. */
    boolean answerStarted() {
        return answerStarted;
    }

    /**
     * Bytes already waiting before the next request (a body after a HEAD answer, an answer nobody
     * asked for) would be read as that request's answer: such a connection is not reused.
     */
    boolean reusable() {
        if (!reusable || socket.isClosed()) {
            return false;
        }
        try {
            return in.available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    void markUnusable() {
        reusable = false;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleSince() {
        return idleSince;
    }

    private String line(boolean first) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (first && b.length() == 0) {
                    throw new EOFException("the connection closed before an answer");
                }
                throw new EOFException("the connection closed in the middle of the answer's headers");
            }
            answerStarted = true;
            if (++headBytes > MAX_HEAD_BYTES) {
                throw new IOException("answer headers longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') {
                    b.setLength(n - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
