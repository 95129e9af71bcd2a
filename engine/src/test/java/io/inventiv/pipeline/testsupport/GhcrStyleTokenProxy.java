package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * TEST DOUBLE of GHCR's auth front (GHCR itself is unreachable here): a reverse proxy in front
 * of a real registry that answers 401 Bearer challenges, issues tokens at /token for basic
 * credentials, and checks every request's scopes, including the source pull scope of a
 * cross-repository mount. Optionally it expires tokens after N uses, refuses mounts (starting a
 * plain upload as registries do), and redirects blob GETs to a second "CDN" host that rejects
 * any request carrying an Authorization header. Violations are recorded for the tests.
 */
public final class GhcrStyleTokenProxy extends ForwardingProxy {
    private final String user;
    private final String password;
    private final String backend;
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final Random random = new Random();
    private volatile int usesPerToken = Integer.MAX_VALUE;
    private volatile String realm;
    private final AtomicInteger tokenEndpointHits = new AtomicInteger();
    private volatile boolean refuseMounts;
    private HttpServer cdn;
    private final AtomicInteger cdnRequests = new AtomicInteger();

    private record Grant(Set<String> scopes, AtomicInteger usesLeft) {
        boolean covers(Set<String> needed) {
            return scopes.containsAll(needed);
        }
    }

    public GhcrStyleTokenProxy(String backend, String user, String password) {
        super(backend);
        this.backend = backend;
        this.user = user;
        this.password = password;
    }

    /** Each token works for this many registry requests, then the registry challenges again. */
    public GhcrStyleTokenProxy expireTokensAfter(int uses) {
        this.usesPerToken = uses;
        return this;
    }

    /** The challenges name this token realm instead of this server's own /token. */
    public GhcrStyleTokenProxy realm(String url) {
        this.realm = url;
        return this;
    }

    /** Requests that reached /token, whatever they carried. */
    public int tokenEndpointHits() {
        return tokenEndpointHits.get();
    }

    public GhcrStyleTokenProxy refuseMounts() {
        this.refuseMounts = true;
        return this;
    }

    /** Serves blob GETs by redirecting to a second host that refuses Authorization headers. */
    public GhcrStyleTokenProxy redirectBlobsToCdn() {
        try {
            cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cdn.createContext("/cdn/", this::serveFromCdn);
        cdn.start();
        return this;
    }

    public List<String> violations() {
        return violations;
    }

    /** The scopes of each token request, space-separated, in order. */
    public List<String> tokenRequests() {
        return tokenRequests;
    }

    public int cdnRequests() {
        return cdnRequests.get();
    }

    @Override
    protected boolean intercept(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if ("/token".equals(path)) {
            tokenEndpointHits.incrementAndGet();
            issueToken(ex);
            return true;
        }
        if (!path.startsWith("/v2/")) {
            respond(ex, 404, "{}");
            return true;
        }
        String name = repositoryOf(path);
        boolean write = !"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod());
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        Set<String> needed = new HashSet<>();
        if (name != null) {
            needed.add(name + ":pull");
            if (write) {
                needed.add(name + ":push");
            }
        }
        boolean mount = "POST".equals(ex.getRequestMethod()) && query.containsKey("mount");
        if (mount) {
            needed.add(query.get("from") + ":pull");
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Grant grant = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (grant == null || grant.usesLeft().decrementAndGet() < 0 || !grant.covers(needed)) {
            // Like real registries, the challenge names only the repository of the URL.
            String scope = name == null ? "" : ",scope=\"repository:" + name + ":" + (write ? "pull,push" : "pull") + "\"";
            String error = grant != null && !grant.covers(needed) ? ",error=\"insufficient_scope\"" : "";
            ex.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"" + (realm != null ? realm : baseUrl() + "/token") + "\",service=\"test-registry\"" + scope + error);
            respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return true;
        }
        if (mount && refuseMounts) {
            forward(ex, path, "authorization");
            return true;
        }
        if (cdn != null && "GET".equals(ex.getRequestMethod()) && path.contains("/blobs/sha256:")) {
            String digest = path.substring(path.lastIndexOf('/') + 1);
            ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/cdn/"
                    + name + "/" + digest + "?signature=" + HexFormat.of().formatHex(randomBytes(8)));
            respond(ex, 307, new byte[0]);
            return true;
        }
        forward(ex, ex.getRequestURI().toString(), "authorization");
        return true;
    }

    private void issueToken(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            violations.add("token endpoint received a Bearer token instead of basic credentials");
            respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bearer not accepted here\"}]}");
            return;
        }
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
            return;
        }
        List<String> scopes = new ArrayList<>();
        Set<String> granted = new HashSet<>();
        String raw = ex.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            if (pair.startsWith("scope=")) {
                String scope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                scopes.add(scope);
                String[] parts = scope.split(":");
                if (parts.length == 3 && "repository".equals(parts[0])) {
                    for (String action : parts[2].split(",")) {
                        granted.add(parts[1] + ":" + action);
                    }
                }
            }
        }
        tokenRequests.add(String.join(" ", scopes));
        String token = HexFormat.of().formatHex(randomBytes(24));
        tokens.put(token, new Grant(granted, new AtomicInteger(usesPerToken)));
        respond(ex, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
    }

    private void serveFromCdn(HttpExchange ex) throws IOException {
        try (ex) {
            cdnRequests.incrementAndGet();
            if (ex.getRequestHeaders().containsKey("Authorization")) {
                violations.add("CDN received an Authorization header for " + ex.getRequestURI().getPath());
                respond(ex, 403, "{\"error\":\"authorization header not allowed with a signed URL\"}");
                return;
            }
            String rest = ex.getRequestURI().getPath().substring("/cdn/".length());
            int slash = rest.lastIndexOf('/');
            URI blob = URI.create(backend + "/v2/" + rest.substring(0, slash) + "/blobs/" + rest.substring(slash + 1));
            try {
                HttpResponse<InputStream> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .build().send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    respond(ex, r.statusCode(), in.readAllBytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        synchronized (random) {
            random.nextBytes(b);
        }
        return b;
    }

    @Override
    public void close() {
        super.close();
        if (cdn != null) {
            cdn.stop(0);
        }
    }
}
