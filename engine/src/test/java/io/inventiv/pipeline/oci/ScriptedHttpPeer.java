package io.inventiv.pipeline.oci;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TEST DOUBLE of an HTTP/1.1 server that sits on an edge case or misbehaves on purpose: a raw
 * ServerSocket on a loopback address whose accepted connections each run a script that writes
 * exact bytes. Real servers cannot be made to send a truncated body, a bad status line or an
 * interim answer on demand; this one can. It records what arrives (each request's bytes, and
 * the size of every socket read) and counts the connections it accepted.
 */
final class ScriptedHttpPeer implements AutoCloseable {
    /** What one accepted connection does; the peer closes the socket when it returns. */
    interface Script {
        void run(Conn conn) throws Exception;
    }

    /** One request as it arrived: head (request line and headers, without the blank line), body, all bytes. */
    record Request(String head, byte[] body, byte[] raw) {
        String text() {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }

        String requestLine() {
            return head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedHttpPeer(InetAddress address, Script script) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0), 16);
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A peer on 127.0.0.1 that answers every request on every connection with the same bytes. */
    static ScriptedHttpPeer answeringEach(String answer) {
        return start(c -> {
            while (c.readRequest() != null) {
                c.write(answer);
            }
        });
    }

    /** An answer's whole body as UTF-8 text, the body closed (which frees its connection). */
    static String bodyText(HttpTransport.Answer a) throws IOException {
        try (InputStream in = a.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A peer on 127.0.0.1 whose every connection runs {@code script}. */
    static ScriptedHttpPeer start(Script script) {
        return start(InetAddress.getLoopbackAddress(), script);
    }

    static ScriptedHttpPeer start(InetAddress address, Script script) {
        try {
            return new ScriptedHttpPeer(address, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** An http URL of this peer; IPv6 addresses in brackets. */
    URI url(String pathAndQuery) {
        String host = server.getInetAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + (host.contains("%") ? host.substring(0, host.indexOf('%')) : host) + "]";
        }
        return URI.create("http://" + host + ":" + port() + pathAndQuery);
    }

    int accepts() {
        return conns.size();
    }

    /** The {@code index}th accepted connection, waiting up to 5 s for it. */
    Conn connection(int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (conns.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no connection #" + index + " after 5 s (" + conns.size() + " accepted)");
            }
            Thread.sleep(5);
        }
        return conns.get(index);
    }

    /** Every request read so far, in order of connection, then arrival. */
    List<Request> requests() {
        List<Request> all = new ArrayList<>();
        conns.forEach(c -> all.addAll(c.requests));
        return all;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn(conns.size(), s);
                conns.add(c);
                Thread t = new Thread(c::runScript, "scripted-peer-conn-" + c.index);
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the port is released either way
        }
        conns.forEach(Conn::close);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection, as its script sees it. */
    final class Conn {
        final int index;
        private final Socket socket;
        private final InputStream raw;
        private final OutputStream out;
        private final List<Integer> socketReads = new CopyOnWriteArrayList<>();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final CountDownLatch finished = new CountDownLatch(1);
        private final byte[] buf = new byte[256 * 1024];
        private int pos;
        private int end;
        private ByteArrayOutputStream current;

        Conn(int index, Socket socket) throws IOException {
            this.index = index;
            this.socket = socket;
            this.raw = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        private void runScript() {
            try {
                script.run(this);
            } catch (Exception | AssertionError e) {
                // A client that hangs up early makes some scripts fail to write; the test's own
                // assertions on what the client saw decide.
            } finally {
                close();
                finished.countDown();
            }
        }

        /** Reads the next request (head and framed body); null when the client closed the connection first. */
        Request readRequest() throws IOException {
            current = new ByteArrayOutputStream();
            String first = line();
            if (first == null) {
                return null;
            }
            StringBuilder head = new StringBuilder(first);
            long length = 0;
            boolean chunked = false;
            for (String l = requiredLine(); !l.isEmpty(); l = requiredLine()) {
                head.append("\r\n").append(l);
                String lower = l.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(requiredLine(), 16); size > 0;
                        size = Integer.parseInt(requiredLine(), 16)) {
                    body.write(bytes(size));
                    if (!requiredLine().isEmpty()) {
                        throw new IOException("chunk data not followed by CRLF");
                    }
                }
                while (!requiredLine().isEmpty()) {
                    // trailers: none expected
                }
            } else {
                body.write(bytes((int) length));
            }
            Request r = new Request(head.toString(), body.toByteArray(), current.toByteArray());
            requests.add(r);
            return r;
        }

        void write(String ascii) throws IOException {
            write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes the bytes in one write call, so the client gets them as one piece. */
        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Waits until the client closes its side; true when it did within {@code timeout}. */
        boolean clientClosedWithin(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                while (fill()) {
                    pos = end; // ignore anything else the client sends
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        /** Waits until this connection's script has ended and its socket is closed. */
        void awaitFinished() throws InterruptedException {
            if (!finished.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("connection #" + index + " still running its script after 5 s");
            }
        }

        /** The requests read on this connection so far. */
        List<Request> requests() {
            return requests;
        }

        /** Aborts the connection with a TCP reset instead of an orderly close. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** The byte count of every socket read so far: a request that came in one write shows as one read. */
        List<Integer> socketReads() {
            return socketReads;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        /** One CRLF-terminated line without its CRLF; null at end of stream before any byte. */
        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos == end && !fill()) {
                    if (b.length() == 0) {
                        return null;
                    }
                    throw new EOFException("client closed mid-line: " + b);
                }
                char c = (char) (buf[pos++] & 0xff);
                current.write(c);
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append(c);
            }
        }

        private String requiredLine() throws IOException {
            String l = line();
            if (l == null) {
                throw new EOFException("client closed in the middle of a request");
            }
            return l;
        }

        private byte[] bytes(int n) throws IOException {
            byte[] r = new byte[n];
            for (int got = 0; got < n;) {
                if (pos == end && !fill()) {
                    throw new EOFException("client closed " + (n - got) + " bytes before the end of the body");
                }
                int k = Math.min(n - got, end - pos);
                System.arraycopy(buf, pos, r, got, k);
                current.write(buf, pos, k);
                pos += k;
                got += k;
            }
            return r;
        }

        private boolean fill() throws IOException {
            if (pos < end) {
                return true;
            }
            int n = raw.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            socketReads.add(n);
            pos = 0;
            end = n;
            return true;
        }
    }
}
