package io.inventiv.pipeline.oci;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.inventiv.pipeline.EngineException;

/**
 * HTTP/1.1 over plain or TLS sockets, with idle connections kept per origin for the next
 * request. The engine's own, not HttpURLConnection: a step is one short process, and this one
 * writes each request in one piece with TCP_NODELAY, runs two requests at once on two
 * connections, and loads a few classes instead of the URL-handler machinery. TLS is verified
 * (trust from {@link TlsTrust}, host name checked as https does); redirects, auth and retries
 * are the caller's ({@link RegistryHttp}). Through an HTTP proxy when {@link ProxyRoute} says so:
 * https via a CONNECT tunnel ({@link ProxyTunnel}; TLS end to end, the registry's name verified
 * as when direct), plain http in absolute form. No lambdas: each one not in the class-data archive is spun at
 * run time, ~1 ms of a step's start.
 */
final class HttpTransport {
    /** What every request the engine sends, CONNECTs included, says it is. */
    static final String USER_AGENT = "inventiv-pipeline";

    /** Servers close idle connections after 60 s or more; older ones are not worth the risk. */
    private static final long MAX_IDLE_NANOS = 30_000_000_000L;

    private final TlsTrust tls;
    private final int connectTimeoutMillis;
    private final ProxyRoute proxies;
    private final Runnable onRequest;
    private final Map<String, Deque<HttpConnection>> idle = new HashMap<>();

    /**
     * @param onRequest called for every request that goes on the wire, including the one
     *                  resend of a request a kept-alive connection lost before any answer
     */
    HttpTransport(TlsTrust tls, int connectTimeoutMillis, Runnable onRequest) {
        this(tls, connectTimeoutMillis, ProxyRoute.direct(), onRequest);
    }

    /**
     * @param connectTimeoutMillis per connection, to the registry or the proxy; through a proxy
     *                             it also bounds the wait for the CONNECT answer
     * @param onRequest            called for every request that goes on the wire (a CONNECT is no
     *                             request to the registry and is not counted)
     */
    HttpTransport(TlsTrust tls, int connectTimeoutMillis, ProxyRoute proxies, Runnable onRequest) {
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.proxies = proxies;
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
        HttpProxy proxy = proxies.proxyFor(url);
        Map<String, String> all = requestHeaders(url, headers, proxy);
        HttpConnection c = pooled(poolKey(url, proxy));
        if (c != null) {
            try {
                return sendOn(c, method, url, proxy, all, body, readTimeoutMillis);
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
        c = connect(url, proxy);
        try {
            return sendOn(c, method, url, proxy, all, body, readTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends a request whose body is streamed from {@code data}: {@code length} bytes, or chunked when -1. */
    Answer upload(String method, URI url, Map<String, String> headers, InputStream data, long length,
            int readTimeoutMillis) throws IOException {
        // Never resent: the data stream cannot be read twice.
        HttpProxy proxy = proxies.proxyFor(url);
        HttpConnection c = pooled(poolKey(url, proxy));
        if (c == null) {
            c = connect(url, proxy);
        }
        try {
            c.readTimeout(readTimeoutMillis);
            onRequest.run();
            try (OutputStream out = c.sendStreaming(method, requestTarget(url, proxy),
                    requestHeaders(url, headers, proxy), length)) {
                data.transferTo(out);
            }
            return answer(c, method, url, proxy);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Answer sendOn(HttpConnection c, String method, URI url, HttpProxy proxy, Map<String, String> headers,
            byte[] body, int readTimeoutMillis) throws IOException {
        c.readTimeout(readTimeoutMillis);
        onRequest.run();
        c.send(method, requestTarget(url, proxy), headers, body);
        return answer(c, method, url, proxy);
    }

    private Answer answer(HttpConnection c, String method, URI url, HttpProxy proxy) throws IOException {
        HttpConnection.Head head = c.readHead();
        if (proxy != null && head.status() == 407 && !"https".equals(url.getScheme())) {
            // The proxy's own refusal of a plain-http request, not the registry's answer (the caller closes c).
            throw new EngineException(proxy.refused("request", authority(url), 407, "Proxy Authentication Required"));
        }
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

    /** A new connection to the registry: direct, or to the proxy (through a CONNECT tunnel for https). */
    private HttpConnection connect(URI url, HttpProxy proxy) throws IOException {
        String host = socketHost(url);
        boolean https = "https".equals(url.getScheme());
        int port = port(url);
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            if (proxy == null) {
                plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            } else {
                connectToProxy(plain, proxy);
            }
            if (!https) {
                return new HttpConnection(poolKey(url, proxy), plain);
            }
            plain.setSoTimeout(connectTimeoutMillis);
            if (proxy != null) {
                ProxyTunnel.open(plain, proxy, authority(url), connectTimeoutMillis);
            }
            // The same TLS either way: SNI and the host-name check are the registry's, not the proxy's.
            SSLSocket s = (SSLSocket) tls.socketFactory().createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return new HttpConnection(poolKey(url, proxy), s);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Failures name the proxy: "connection refused" alone would point at the registry. */
    private void connectToProxy(Socket plain, HttpProxy proxy) throws IOException {
        try {
            plain.connect(new InetSocketAddress(proxy.socketHost(), proxy.port()), connectTimeoutMillis);
        } catch (UnknownHostException e) {
            throw new EngineException("unknown host " + proxy.host() + ", the proxy in " + proxy.variable()
                    + "; check " + proxy.variable());
        } catch (IOException e) {
            ConnectException named = new ConnectException("cannot reach the proxy " + proxy.address() + " of "
                    + proxy.variable() + " (" + e.getMessage() + ")");
            named.initCause(e);
            throw named;
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
        all.put("Host", hostHeader(url));
        all.putAll(headers);
        return all;
    }

    /** host, with :port unless it is the scheme's default. */
    private static String hostHeader(URI url) {
        int port = port(url);
        return url.getHost() + (port == defaultPort(url) ? "" : ":" + port);
    }

    /** Host first, then the caller's headers; to a proxy in plain http also its credentials. */
    private static Map<String, String> requestHeaders(URI url, Map<String, String> headers, HttpProxy proxy) {
        Map<String, String> all = withHost(url, headers);
        if (proxy != null && !"https".equals(url.getScheme()) && proxy.authorization() != null) {
            all.put("Proxy-Authorization", proxy.authorization());
        }
        return all;
    }

    /** Origin form (/v2/...), or absolute form (http://host:port/v2/...) for a proxy in plain http. */
    private static String requestTarget(URI url, HttpProxy proxy) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        return proxy == null || "https".equals(url.getScheme()) ? target : "http://" + hostHeader(url) + target;
    }

    /** Connections are kept per origin, and per proxy: one through a proxy never serves a direct request. */
    private static String poolKey(URI url, HttpProxy proxy) {
        return proxy == null ? origin(url) : origin(url) + " via " + proxy.address();
    }

    /** host:port with the port written out, as a CONNECT and the proxy's messages name the registry. */
    private static String authority(URI url) {
        return url.getHost() + ":" + port(url);
    }

    /** The URL's port, or its scheme's default. */
    static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : defaultPort(url);
    }

    private static int defaultPort(URI url) {
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** scheme://host:port, the default port written out, so both spellings share connections. */
    static String origin(URI url) {
        return url.getScheme() + "://" + authority(url);
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
