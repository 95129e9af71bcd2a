package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP reverse proxy on a free loopback port in front of a real registry, for test doubles
 * of what we cannot run here (GHCR's token service and blob CDN, a flaky network, a distant
 * registry). Subclasses see each request first and may answer it themselves; everything else
 * is forwarded unchanged, with the backend's Location headers rewritten to the proxy.
 */
public class ForwardingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");

    private final String backend;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger requests = new AtomicInteger();

    /** @param backend base URL of the real registry, e.g. http://127.0.0.1:5000 */
    public ForwardingProxy(String backend) {
        this.backend = backend;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** "127.0.0.1:PORT", the registry part of image references through the proxy. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + host();
    }

    public int requests() {
        return requests.get();
    }

    /** Sees each request first; returns true when it answered (or dropped) it. */
    protected boolean intercept(HttpExchange ex) throws IOException {
        return false;
    }

    private void dispatch(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            if (!intercept(ex)) {
                forward(ex, ex.getRequestURI().toString(), null);
            }
        }
    }

    /** Forwards to the backend; {@code pathAndQuery} may differ from the request's. */
    protected void forward(HttpExchange ex, String pathAndQuery, String dropHeader) throws IOException {
        relay(ex, sendToBackend(ex, pathAndQuery, dropHeader));
    }

    /** Sends the request on to the backend and returns its answer, without answering the client. */
    protected HttpResponse<byte[]> sendToBackend(HttpExchange ex, String pathAndQuery, String dropHeader)
            throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(backend + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(ex.getRequestMethod(), body.length == 0 && !hasBody(ex)
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, values) -> {
            String lk = k.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lk) && !lk.equals(dropHeader)) {
                for (String v : values) {
                    b.header(k, v);
                }
            }
        });
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void relay(HttpExchange ex, HttpResponse<byte[]> r) throws IOException {
        r.headers().map().forEach((k, values) -> {
            String lk = k.toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lk) && !lk.equals("content-length")) {
                return;
            }
            if (lk.equals("content-length") && !"HEAD".equals(ex.getRequestMethod())) {
                return;
            }
            for (String v : values) {
                ex.getResponseHeaders().add(k, lk.equals("location") ? v.replace(backend, baseUrl()) : v);
            }
        });
        respond(ex, r.statusCode(), r.body());
    }

    private static boolean hasBody(HttpExchange ex) {
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        return len != null || ex.getRequestHeaders().getFirst("Transfer-Encoding") != null;
    }

    /** Sends a status and body (none for HEAD, 204 and 304). */
    protected static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean noBody = "HEAD".equals(ex.getRequestMethod()) || status == 204 || status == 304;
        ex.sendResponseHeaders(status, noBody ? -1 : (body.length == 0 ? -1 : body.length));
        if (!noBody && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    protected static void respond(HttpExchange ex, int status, String json) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        respond(ex, status, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The repository name of a /v2/NAME/(manifests|blobs|tags)/... path, or null. */
    public static String repositoryOf(String path) {
        if (!path.startsWith("/v2/")) {
            return null;
        }
        for (String kind : List.of("/manifests/", "/blobs/", "/tags/")) {
            int i = path.lastIndexOf(kind);
            if (i > 4) {
                return path.substring(4, i);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
