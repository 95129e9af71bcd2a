package io.inventiv.pipeline.oci;

import java.net.URI;
import java.util.Map;

/**
 * Which requests go through an HTTP proxy, read once from the environment as docker, skopeo,
 * git and curl read it: HTTPS_PROXY for https URLs, HTTP_PROXY for plain-http ones (each in
 * upper case first, then lower case), and NO_PROXY ({@link NoProxy}) for the hosts that go
 * direct. Without a proxy variable nothing else is read, so a run without a proxy pays nothing.
 */
final class ProxyRoute {
    private static final ProxyRoute DIRECT = new ProxyRoute(null, null, NoProxy.NOTHING);

    private final HttpProxy https;
    private final HttpProxy http;
    private final NoProxy direct;

    private ProxyRoute(HttpProxy https, HttpProxy http, NoProxy direct) {
        this.https = https;
        this.http = http;
        this.direct = direct;
    }

    /** Everything direct. */
    static ProxyRoute direct() {
        return DIRECT;
    }

    /** The route the environment asks for; a malformed proxy URL or NO_PROXY entry is bad input naming the variable. */
    static ProxyRoute from(Map<String, String> env) {
        HttpProxy https = proxy(env, "HTTPS_PROXY", "https_proxy");
        HttpProxy http = proxy(env, "HTTP_PROXY", "http_proxy");
        if (https == null && http == null) {
            return DIRECT;
        }
        String noProxyVariable = set(env, "NO_PROXY") ? "NO_PROXY" : "no_proxy";
        return new ProxyRoute(https, http, NoProxy.parse(noProxyVariable, env.get(noProxyVariable)));
    }

    /** The proxy a request to {@code url} goes through, or null when it goes direct. */
    HttpProxy proxyFor(URI url) {
        boolean secure = "https".equals(url.getScheme());
        HttpProxy p = secure ? https : http;
        if (p == null) {
            return null;
        }
        return direct.bypasses(url.getHost(), HttpTransport.port(url)) ? null : p;
    }

    private static HttpProxy proxy(Map<String, String> env, String upper, String lower) {
        String variable = set(env, upper) ? upper : set(env, lower) ? lower : null;
        return variable == null ? null : HttpProxy.parse(variable, env.get(variable));
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
