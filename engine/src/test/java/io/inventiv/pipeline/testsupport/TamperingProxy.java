package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;

/**
 * A test double of a registry (or a man in the middle) that serves manifest bytes other than
 * the ones it stores, in front of a real registry. It also records the Accept header of every
 * manifest request, so a test can check what the engine asks for.
 */
public final class TamperingProxy extends ForwardingProxy {
    /** One manifest request: method, path, and its Accept header as sent. */
    public record ManifestRequest(String method, String path, String accept) {
    }

    private final List<ManifestRequest> manifestRequests = new CopyOnWriteArrayList<>();
    private volatile boolean tamper;

    public TamperingProxy(String backend) {
        super(backend);
    }

    /** From now on, manifest GETs answer the stored bytes plus one trailing space (same headers). */
    public void tamperWithManifests() {
        tamper = true;
    }

    public List<ManifestRequest> manifestRequests() {
        return List.copyOf(manifestRequests);
    }

    @Override
    protected boolean intercept(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.contains("/manifests/")) {
            return false;
        }
        manifestRequests.add(new ManifestRequest(ex.getRequestMethod(), path,
                String.join(", ", ex.getRequestHeaders().getOrDefault("Accept", List.of()))));
        if (!tamper || !"GET".equals(ex.getRequestMethod())) {
            return false;
        }
        HttpResponse<byte[]> r = sendToBackend(ex, ex.getRequestURI().toString(), null);
        r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
        byte[] changed = (new String(r.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        respond(ex, r.statusCode(), changed);
        return true;
    }
}
