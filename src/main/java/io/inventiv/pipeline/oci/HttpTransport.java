package io.inventiv.pipeline.oci;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over plain or TLS sockets, with idle connections kept per origin for the next
 * request. The engine's own, not HttpURLConnection: a step is one short process, and this one
 * writes each request in one piece with TCP_NODELAY, runs two requests at once on two
 * connections, and loads a few classes instead of the URL-handler machinery. TLS is verified
 * (trust from {@link TlsTrust}, host name checked as https does); redirects, auth and retries
 * are the caller's ({@link RegistryHttp}). No lambdas: each one not in the class-data archive
 * is spun at run time, ~1 ms of a step's start.
 */
final class HttpTransport {
    /** Servers close idle connections after 60 s or more; older ones are not worth the risk. */
    private static final long MAX_IDLE_NANOS = 30_000_000_000L;

    private final TlsTrust tls;
    private final int connectTimeoutMillis;
    private final Runnable onRequest;
    private final Map<String, Deque<HttpConnection>> idle = new HashMap<>();

    /**
     * @param onRequest called for every request that goes on the wire, including the one
     *                  resend of a request a kept-alive connection lost before any answer
     */
    HttpTransport(TlsTrust tls, int connectTimeoutMillis, Runnable onRequest) {
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.onRequest = onRequest;
    }

    /** An answer; its body must be closed, which frees the connection for the next request. */
    record Answer(int status, Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * Sends a request with an optional in-memory body. A kept-alive connection the server has
     * closed in the meantime fails before any answer; the request is then resent once on a new one.
     */
    Answer send(String method, URI url, Map<String, String> headers, byte[] body, int readTimeoutMillis)
            throws IOException {
        Map<String, String> all = withHost(url, headers);
        HttpConnection c = pooled(origin(url));
        if (c != null) {
            try {
                return sendOn(c, method, url, all, body, readTimeoutMillis);
            } catch (EOFException | SocketException e) {
                c.close();
                if (c.answerStarted()) {
                    throw e; // the server saw the request and began to answer: it may have acted on it
                }
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        c = connect(url);
        try {
            return sendOn(c, method, url, all, body, readTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends a request whose body is streamed from {@code data}: {@code length} bytes, or chunked when -1. */
    Answer upload(String method, URI url, Map<String, String> headers, InputStream data, long length,
            int readTimeoutMillis) throws IOException {
        // Never resent: the data stream cannot be read twice.
        HttpConnection c = pooled(origin(url));
        if (c == null) {
            c = connect(url);
        }
        try {
            c.readTimeout(readTimeoutMillis);
            onRequest.run();
            try (OutputStream out = c.sendStreaming(method, target(url), withHost(url, headers), length)) {
                data.transferTo(out);
            }
            return answer(c, method);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Answer sendOn(HttpConnection c, String method, URI url, Map<String, String> headers, byte[] body,
            int readTimeoutMillis) throws IOException {
        c.readTimeout(readTimeoutMillis);
        onRequest.run();
        c.send(method, target(url), headers, body);
        return answer(c, method);
    }

    private Answer answer(HttpConnection c, String method) throws IOException {
        HttpConnection.Head head = c.readHead();
        InputStream body = c.body(method, head, new Release(c));
        return new Answer(head.status(), head.headers(), body);
    }

    private HttpConnection pooled(String origin) {
        synchronized (idle) {
            Deque<HttpConnection> q = idle.get(origin);
            while (q != null && !q.isEmpty()) {
                HttpConnection c = q.pollLast();
                if (System.nanoTime() - c.idleSince() < MAX_IDLE_NANOS && c.reusable()) {
                    return c;
                }
                c.close();
            }
            return null;
        }
    }

    /** Puts a connection whose answer was read to the end back in the pool. */
    private final class Release implements Runnable {
        private final HttpConnection connection;

        Release(HttpConnection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            connection.idleSince(System.nanoTime());
            synchronized (idle) {
                Deque<HttpConnection> q = idle.get(connection.origin);
                if (q == null) {
                    q = new ArrayDeque<>();
                    idle.put(connection.origin, q);
                }
                q.addLast(connection);
            }
        }
    }

    private HttpConnection connect(URI url) throws IOException {
        String host = socketHost(url);
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            if (!https) {
                return new HttpConnection(origin(url), plain);
            }
            plain.setSoTimeout(connectTimeoutMillis);
            SSLSocket s = (SSLSocket) tls.socketFactory().createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return new HttpConnection(origin(url), s);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Closes every idle connection. */
    void closeIdle() {
        synchronized (idle) {
            for (Deque<HttpConnection> q : idle.values()) {
                for (HttpConnection c : q) {
                    c.close();
                }
            }
            idle.clear();
        }
    }

    /** Host first, then the caller's headers; not private so tests can check default ports they cannot listen on. */
    static Map<String, String> withHost(URI url, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort();
        all.put("Host", url.getHost() + (port < 0 || port == (https ? 443 : 80) ? "" : ":" + port));
        all.putAll(headers);
        return all;
    }

    private static String target(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** scheme://host:port, the default port written out, so both spellings share connections. */
    static String origin(URI url) {
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        return url.getScheme() + "://" + url.getHost() + ":" + port;
    }

    /** The host as a socket wants it: IPv6 literals without their brackets. */
    private static String socketHost(URI url) {
        String h = url.getHost();
        if (h == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
