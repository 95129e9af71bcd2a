package io.inventiv.pipeline.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A release-asset host on loopback (the JDK's HttpServer): answers GET /PATH with the bytes
 * published under it and 404 otherwise, counts requests, and can hold every answer until a given
 * number of requests are in flight, so a test knows its downloads overlapped.
 */
final class ReleaseAssetServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch inFlight = new CountDownLatch(0);
    private final AtomicInteger heldTogether = new AtomicInteger();

    ReleaseAssetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // One thread per exchange: held answers must not block each other.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            CountDownLatch latch = inFlight;
            latch.countDown();
            try {
                if (latch.await(20, TimeUnit.SECONDS)) {
                    heldTogether.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = assets.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    byte[] page = "Not Found".getBytes();
                    exchange.sendResponseHeaders(404, page.length);
                    exchange.getResponseBody().write(page);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                // In pieces, so a concurrent reader of a half-written file would have a chance to see one.
                for (int at = 0; at < body.length; at += 64 * 1024) {
                    out.write(body, at, Math.min(64 * 1024, body.length - at));
                    out.flush();
                }
            }
        });
        server.start();
    }

    void publish(String path, byte[] bytes) {
        assets.put(path, bytes);
    }

    /** Every answer from now on waits until this many requests have arrived (at most 20 s). */
    void holdAnswersUntilInFlight(int count) {
        inFlight = new CountDownLatch(count);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests answered only once all the awaited ones were in flight together. */
    int answeredTogether() {
        return heldTogether.get();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
