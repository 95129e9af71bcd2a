package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.Threads;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/**
 * The registry side of the engine's HTTP, over {@link HttpTransport} (java.net.http needs
 * ~0.55 s of a fresh JVM for one request; see HttpTransport for why not HttpURLConnection).
 * It executes {@link RegistryCall}s: auth (anonymous, basic, bearer tokens cached per scope;
 * each host's state under its own lock, as two calls may run at once), retries with backoff on
 * 429/5xx/dropped connections honouring Retry-After, connect and per-call timeouts, TLS trust,
 * the plain-http rule, and manual redirects that never carry the registry's Authorization to
 * another host.
 */
final class RegistryHttp {
    private static final int MAX_REDIRECTS = 5;
    private static final Duration READ_TIMEOUT_CAP = Duration.ofSeconds(60);

    private final RegistryOptions options;
    private final Credentials credentials;
    private final TlsTrust tls;
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpTransport transport;
    private final Map<String, HostState> hosts = new HashMap<>();
    private final Set<String> writeRepos = new HashSet<>();

    /** What the client learned about one registry host during this run. */
    private static final class HostState {
        String scheme;
        boolean basic;
        String realm;
        String service;
        final List<Token> tokens = new ArrayList<>();
        /** Tokens one call fetched and a concurrent call also used: refused, they may just be spent. */
        final Set<String> sharedTokens = new HashSet<>();
    }

    private record Token(Scopes scopes, String value) {
    }

    RegistryHttp(RegistryOptions options, Credentials credentials, ProxyRoute proxies) {
        this.options = options == null ? RegistryOptions.defaults() : options;
        this.credentials = credentials;
        this.tls = new TlsTrust(this.options.caFile());
        this.transport = new HttpTransport(tls, (int) this.options.connectTimeout().toMillis(), proxies,
                requests::incrementAndGet);
    }

    RegistryOptions options() {
        return options;
    }

    int requestCount() {
        return requests.get();
    }

    void willWrite(ImageRef repo) {
        writeRepos.add(repo.name());
    }

    /** Executes a call (auth, retries, redirects); with {@code stream} a 2xx body is left open. */
    RegistryResponse execute(RegistryCall call, boolean stream) {
        return execute(call, stream, prepare(call));
    }

    /**
     * Executes two independent calls at once, on two connections. Both first attempts are
     * prepared before either is sent, from what the client knows now (scheme, token, basic),
     * so which answer comes first changes nothing: e.g. under token auth both meet the
     * challenge, one token is fetched for both, and the request count is the same every run.
     * An exception of {@code first} wins over one of {@code second}.
     */
    RegistryResponse[] executeBoth(RegistryCall first, RegistryCall second) {
        FirstAttempt a = prepare(first);
        FirstAttempt b = prepare(second);
        RegistryResponse[] answers = new RegistryResponse[2];
        Throwable[] failures = new Throwable[2];
        Thread other = new Thread(() -> {
            try {
                answers[1] = execute(second, false, b);
            } catch (RuntimeException | Error e) {
                failures[1] = e;
            }
        }, "registry-" + second.method());
        other.setDaemon(true);
        other.start();
        try {
            answers[0] = execute(first, false, a);
        } catch (RuntimeException | Error e) {
            failures[0] = e;
        }
        Threads.joinUninterruptibly(other);
        for (Throwable t : failures) {
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
        return answers;
    }

    /** What a call's first attempt sends: the scheme and Authorization as the client knows them now. */
    private record FirstAttempt(String scheme, String authorization) {
    }

    private FirstAttempt prepare(RegistryCall call) {
        String registry = call.repository().registry();
        HostState host = host(registry);
        synchronized (host) {
            return new FirstAttempt(host.scheme, authorizationFor(host, registry, scopesFor(call), call.action()));
        }
    }

    private RegistryResponse execute(RegistryCall call, boolean stream, FirstAttempt first) {
        String registry = call.repository().registry();
        HostState host = host(registry);
        Scopes scopes = scopesFor(call);
        long deadline = System.nanoTime() + options.callTimeout().toNanos();
        boolean schemeSwitched = false;
        boolean freshToken = false;
        int authRounds = 0;
        int attempt = 0;
        while (true) {
            attempt++;
            String scheme;
            String authorization;
            if (first != null) {
                scheme = first.scheme();
                authorization = first.authorization();
                first = null;
            } else {
                synchronized (host) {
                    scheme = host.scheme;
                    authorization = authorizationFor(host, registry, scopes, call.action());
                }
            }
            RegistryResponse r;
            try {
                r = exchange(call, absolute(scheme, registry, call.target()), authorization, stream, deadline);
            } catch (SSLHandshakeException e) {
                throw new EngineException(call.action() + ": the TLS certificate of " + registry
                        + " is not trusted (" + e.getMessage() + "); pass the registry's CA with --ca-file");
            } catch (SSLException e) {
                if (!schemeSwitched && plainHttpAllowed(registry) && "https".equals(scheme)) {
                    synchronized (host) {
                        host.scheme = "http";
                    }
                    schemeSwitched = true;
                    attempt--;
                    continue;
                }
                throw new EngineException(call.action() + ": TLS failed: " + e.getMessage());
            } catch (UnknownHostException e) {
                throw new EngineException(call.action() + ": unknown host " + e.getMessage()
                        + "; check the registry name");
            } catch (IOException e) {
                if (retryable(attempt, deadline, Backoff.after(attempt, null))) {
                    continue;
                }
                throw new EngineException(call.action() + ": " + describe(e) + " (gave up after " + attempt
                        + " attempt" + (attempt == 1 ? "" : "s") + ")");
            }
            if (r.status() == 400 && "http".equals(scheme) && !schemeSwitched && speaksTls(r)) {
                synchronized (host) {
                    host.scheme = "https";
                }
                schemeSwitched = true;
                attempt--;
                continue;
            }
            if (r.status() == 401) {
                if (authRounds++ >= 2) {
                    throw failure(call, r);
                }
                attempt--;
                synchronized (host) {
                    freshToken = challenge(host, registry, call, scopes, r, authorization, freshToken);
                }
                continue;
            }
            if (r.status() == 429 || r.status() >= 500) {
                Duration wait = Backoff.after(attempt, r.header("Retry-After"));
                closeQuietly(r.stream());
                if (retryable(attempt, deadline, wait)) {
                    continue;
                }
                throw new EngineException(failure(call, r).getMessage() + " (gave up after " + attempt + " attempt"
                        + (attempt == 1 ? "" : "s") + ")");
            }
            return r;
        }
    }

    private boolean retryable(int attempt, long deadline, Duration wait) {
        if (attempt >= options.maxAttempts() || System.nanoTime() + wait.toNanos() >= deadline) {
            return false;
        }
        Backoff.sleep(wait);
        return true;
    }

    /** One HTTP exchange; redirects of reads are followed by hand, without Authorization. */
    private RegistryResponse exchange(RegistryCall call, String url, String authorization, boolean stream,
            long deadline) throws IOException {
        String current = url;
        String auth = authorization;
        for (int hop = 0;; hop++) {
            Map<String, String> headers = headers(auth);
            if (!call.accept().isEmpty()) {
                headers.put("Accept", String.join(", ", call.accept()));
            }
            if (call.body() != null && call.contentType() != null) {
                headers.put("Content-Type", call.contentType());
            }
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            HttpTransport.Answer a = transport.send(call.method(), URI.create(current), headers,
                    call.body() != null ? call.body() : bodyless(call.method()), (int) Math.min(left,
                            READ_TIMEOUT_CAP.toMillis()));
            int status = a.status();
            String location = a.header("Location");
            boolean read = "GET".equals(call.method()) || "HEAD".equals(call.method());
            if (read && status >= 300 && status < 400 && status != 304 && location != null && hop < MAX_REDIRECTS) {
                readAll(a);
                current = URI.create(current).resolve(location).toString();
                checkPlainHttp(current, call.action());
                // The registry's credentials are for the registry; a blob CDN gets a signed URL only.
                auth = null;
                continue;
            }
            if (stream && status >= 200 && status < 300) {
                return new RegistryResponse(status, a.headers(), null, a.body());
            }
            return new RegistryResponse(status, a.headers(), readAll(a), null);
        }
    }

    /** PUT and POST without a body still say Content-Length: 0, as registries expect. */
    private static byte[] bodyless(String method) {
        return "PUT".equals(method) || "POST".equals(method) || "PATCH".equals(method) ? new byte[0] : null;
    }

    private static Map<String, String> headers(String authorization) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", HttpTransport.USER_AGENT);
        if (authorization != null) {
            h.put("Authorization", authorization);
        }
        return h;
    }

    private static byte[] readAll(HttpTransport.Answer a) throws IOException {
        try (InputStream in = a.body()) {
            return in.readAllBytes();
        }
    }

    /**
     * PUTs a blob stream to an upload location the registry handed out, completing the upload
     * with its digest. Not retried here: a broken upload needs a new upload session.
     */
    void uploadBlob(ImageRef to, String location, Manifest.Descriptor blob, InputStream in, long size) {
        String action = "upload blob " + blob.digest() + " to " + to.name();
        HostState host = host(to.registry());
        String url;
        String authorization;
        Scopes scopes = Scopes.of(List.of(Scopes.pullPush(to)));
        synchronized (host) {
            url = absolute(host.scheme, to.registry(), location);
            authorization = authorizationFor(host, to.registry(), scopes, action);
        }
        url += (url.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(blob.digest().toString(),
                StandardCharsets.UTF_8);
        try {
            Map<String, String> headers = headers(authorization);
            headers.put("Content-Type", "application/octet-stream");
            HttpTransport.Answer a = transport.upload("PUT", URI.create(url), headers, in, size,
                    (int) Math.min(options.callTimeout().toMillis(), READ_TIMEOUT_CAP.toMillis()));
            byte[] body = readAll(a);
            if (a.status() == 401) {
                synchronized (host) {
                    host.tokens.clear();
                }
                throw new EngineException(action + ": the registry asked to authenticate again mid-upload");
            }
            if (a.status() != 201 && a.status() != 204 && a.status() != 200) {
                throw failure(new RegistryCall("PUT", to, url, null, null, null, null, action),
                        new RegistryResponse(a.status(), a.headers(), body, null));
            }
        } catch (IOException e) {
            throw new EngineException(action + ": " + describe(e));
        }
    }

    // ---- auth ------------------------------------------------------------------------------

    private Scopes scopesFor(RegistryCall call) {
        ImageRef repo = call.repository();
        boolean push = call.writes() || writeRepos.contains(repo.name());
        Scopes s = Scopes.of(List.of(push ? Scopes.pullPush(repo) : Scopes.pull(repo)));
        for (String extra : call.scopes()) {
            s.add(extra);
        }
        return s;
    }

    /** Called with the host's lock held, as everything that reads or changes a HostState. */
    private String authorizationFor(HostState host, String registry, Scopes scopes, String action) {
        if (host.realm != null) {
            Token t = covering(host, scopes);
            return "Bearer " + (t != null ? t : fetchToken(host, registry, scopes, action)).value();
        }
        if (host.basic) {
            return credentials.forHost(registry).map(Credentials.Basic::header).orElse(null);
        }
        return null;
    }

    private static Token covering(HostState host, Scopes scopes) {
        for (Token t : host.tokens) {
            if (t.scopes().covers(scopes)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Reacts to a 401: learns the scheme, and for bearer asks the realm for a fresh token with
     * the basic credentials (never with the token that was just refused). Returns whether a fresh
     * token is now cached; a fresh token refused again ends the call.
     */
    private boolean challenge(HostState host, String registry, RegistryCall call, Scopes scopes, RegistryResponse r,
            String sent, boolean freshToken) {
        AuthChallenge ch = AuthChallenge.parse(r.header("WWW-Authenticate"));
        Optional<Credentials.Basic> creds = credentials.forHost(registry);
        if (ch.isBasic()) {
            if (creds.isEmpty()) {
                throw missingCredentials(registry, call.action());
            }
            if (sent != null && sent.startsWith("Basic ")) {
                throw new EngineException(call.action() + ": " + registry + " refused the credentials of user '"
                        + creds.get().username() + "' (401); check REGISTRY_USERNAME/REGISTRY_PASSWORD or DOCKER_CONFIG");
            }
            host.basic = true;
            return false;
        }
        if (ch.isBearer() && ch.realm() != null) {
            host.realm = ch.realm();
            host.service = ch.service();
            Scopes wanted = Scopes.of(scopes.asList()).add(ch.scope());
            // A call sent at the same time as another may find the token that one fetched meanwhile.
            // Not "fresh" for this call: if it is refused too, this call fetches its own. And no
            // longer fresh proof for the call that fetched it: a registry may take a token once.
            Token cached = covering(host, wanted);
            if (cached != null && (sent == null || !sent.equals("Bearer " + cached.value()))) {
                host.sharedTokens.add(cached.value());
                return false;
            }
            if (sent != null && sent.startsWith("Bearer ")) {
                if (freshToken && !host.sharedTokens.contains(sent.substring("Bearer ".length()))) {
                    throw new EngineException(call.action() + ": " + registry + " refused a fresh token for "
                            + scopes + (ch.error() == null ? "" : " (" + ch.error() + ")")
                            + (creds.isEmpty() ? "; set REGISTRY_USERNAME/REGISTRY_PASSWORD or DOCKER_CONFIG"
                                    : "; the credentials lack the permission for this action"));
                }
                String stale = sent.substring("Bearer ".length());
                host.tokens.removeIf(t -> t.value().equals(stale));
            }
            fetchToken(host, registry, wanted, call.action());
            return true;
        }
        throw new EngineException(call.action() + ": " + registry + " answered 401 with an authentication scheme "
                + "the engine does not support ('" + r.header("WWW-Authenticate") + "')");
    }

    private Token fetchToken(HostState host, String registry, Scopes scopes, String action) {
        // Checked before the URL is even built: a realm off the registry's domain never sees the credentials.
        Optional<Credentials.Basic> creds = credentials.forRealm(registry, host.realm, action);
        StringBuilder url = new StringBuilder(host.realm).append(host.realm.contains("?") ? '&' : '?');
        if (host.service != null) {
            url.append("service=").append(URLEncoder.encode(host.service, StandardCharsets.UTF_8)).append('&');
        }
        for (String s : scopes.asList()) {
            url.append("scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)).append('&');
        }
        url.setLength(url.length() - 1);
        checkPlainHttp(url.toString(), action);
        String what = action + ": token request to " + host.realm + " for " + scopes;
        long deadline = System.nanoTime() + options.callTimeout().toNanos();
        for (int attempt = 1;; attempt++) {
            int status;
            byte[] body;
            String retryAfter;
            try {
                // Always the basic credentials (or none): a refused token is never sent back to the realm.
                HttpTransport.Answer a = transport.send("GET", URI.create(url.toString()),
                        headers(creds.map(Credentials.Basic::header).orElse(null)), null,
                        (int) Math.min(options.callTimeout().toMillis(), READ_TIMEOUT_CAP.toMillis()));
                status = a.status();
                body = readAll(a);
                retryAfter = a.header("Retry-After");
            } catch (IOException e) {
                if (retryable(attempt, deadline, Backoff.after(attempt, null))) {
                    continue;
                }
                throw new EngineException(what + ": " + describe(e));
            }
            if ((status == 429 || status >= 500) && retryable(attempt, deadline, Backoff.after(attempt, retryAfter))) {
                continue;
            }
            if (status == 401 || status == 403) {
                if (creds.isEmpty()) {
                    throw missingCredentials(registry, action);
                }
                throw new EngineException(what + ": refused the credentials of user '" + creds.get().username()
                        + "' (" + status + "); check REGISTRY_USERNAME/REGISTRY_PASSWORD or DOCKER_CONFIG");
            }
            if (status != 200) {
                throw new EngineException(what + ": answered " + status);
            }
            String token;
            try {
                Map<String, Object> json = JsonReader.object(JsonReader.parse(body));
                token = JsonReader.string(json, "token") != null ? JsonReader.string(json, "token")
                        : JsonReader.string(json, "access_token");
            } catch (IllegalArgumentException e) {
                throw new EngineException(what + ": the answer is not JSON");
            }
            if (token == null || token.isEmpty()) {
                throw new EngineException(what + ": the answer holds no token");
            }
            Redactor.global().add(token);
            Token t = new Token(scopes, token);
            host.tokens.add(0, t);
            return t;
        }
    }

    private static UsageException missingCredentials(String registry, String action) {
        return UsageException.field("REGISTRY_USERNAME", registry + " demands credentials for " + action,
                "set REGISTRY_USERNAME and REGISTRY_PASSWORD (or DOCKER_CONFIG with auths." + registry + ".auth)");
    }

    // ---- hosts, schemes, errors ------------------------------------------------------------

    private HostState host(String registry) {
        synchronized (hosts) {
            return hosts.computeIfAbsent(registry, r -> {
                HostState h = new HostState();
                h.scheme = plainHttpAllowed(r) && options.caFile() == null ? "http" : "https";
                return h;
            });
        }
    }

    private String absolute(String scheme, String registry, String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            checkPlainHttp(target, target);
            return target;
        }
        String base = scheme + "://" + apiHost(registry);
        if (target.startsWith("/")) {
            return base + target;
        }
        return base + "/v2/" + target;
    }

    /** docker.io's API lives on registry-1.docker.io. */
    private static String apiHost(String registry) {
        return ImageRef.DEFAULT_REGISTRY.equals(registry) ? "registry-1.docker.io" : registry;
    }

    /** Plain http only for loopback or a host named by --insecure-registry. */
    boolean plainHttpAllowed(String hostPort) {
        if (options.insecureRegistries().contains(hostPort)) {
            return true;
        }
        String host = hostPort;
        if (host.startsWith("[")) {
            host = host.substring(1, host.indexOf(']') > 0 ? host.indexOf(']') : host.length());
        } else if (host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (options.insecureRegistries().contains(host)) {
            return true;
        }
        if ("localhost".equals(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void checkPlainHttp(String url, String action) {
        URI u = URI.create(url);
        if ("http".equals(u.getScheme())) {
            String hostPort = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            if (!plainHttpAllowed(hostPort) && !plainHttpAllowed(u.getHost())) {
                throw new EngineException(action + ": refusing plain http to " + hostPort
                        + "; use https, or name the host with --insecure-registry if it really has no TLS");
            }
        }
    }

    private static boolean speaksTls(RegistryResponse r) {
        String body = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
        return body.contains("HTTPS");
    }

    /** An EngineException naming the action, the status, the registry's error code and the likely fix. */
    EngineException failure(RegistryCall call, RegistryResponse r) {
        StringBuilder m = new StringBuilder(call.action()).append(": registry answered ").append(r.status());
        String detail = RegistryErrors.describe(r.body());
        if (!detail.isEmpty()) {
            m.append(' ').append(detail);
        }
        String hint = RegistryErrors.hint(call, r.status(), detail);
        if (!hint.isEmpty()) {
            m.append("; ").append(hint);
        }
        if ((r.status() == 401 || r.status() == 403)
                && credentials.forHost(call.repository().registry()).isEmpty()) {
            return UsageException.field("REGISTRY_USERNAME", m.toString(),
                    "set REGISTRY_USERNAME and REGISTRY_PASSWORD (or DOCKER_CONFIG)");
        }
        return new EngineException(m.toString());
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is discarded anyway
            }
        }
    }
}
