package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two threads on one {@link HttpTransport} and one origin, against {@link ScriptedHttpPeer} (a
 * TEST DOUBLE that holds each answer until both requests have arrived, so they truly overlap).
 */
class HttpConcurrencyTest {
    private final AtomicInteger onWire = new AtomicInteger();
    private final HttpTransport transport = new HttpTransport(new TlsTrust(null), 2000, onWire::incrementAndGet);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private ScriptedHttpPeer peer;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        transport.closeIdle();
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void twoRequestsAtOnceGetTwoConnectionsAndTheirOwnAnswersThenBothConnectionsAreReused() throws Exception {
        // Each connection answers only once both requests of a round are in: on one shared
        // connection, or one after the other, the barrier would time out and nothing be answered.
        CyclicBarrier bothArrived = new CyclicBarrier(2);
        peer = ScriptedHttpPeer.start(c -> {
            for (ScriptedHttpPeer.Request r = c.readRequest(); r != null; r = c.readRequest()) {
                bothArrived.await(5, TimeUnit.SECONDS);
                String path = r.requestLine().split(" ")[1];
                String body = "answer to " + path + " on connection " + c.index;
                c.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            }
        });

        List<String> first = round("/a", "/b");
        assertThat(first.get(0)).startsWith("answer to /a on connection ");
        assertThat(first.get(1)).startsWith("answer to /b on connection ");
        assertThat(connectionOf(first.get(0))).isNotEqualTo(connectionOf(first.get(1)));

        List<String> second = round("/c", "/d");
        assertThat(second.get(0)).startsWith("answer to /c on connection ");
        assertThat(second.get(1)).startsWith("answer to /d on connection ");
        assertThat(connectionOf(second.get(0))).isNotEqualTo(connectionOf(second.get(1)));

        assertThat(peer.accepts()).as("the second round ran on the two idle connections of the first").isEqualTo(2);
        assertThat(onWire.get()).isEqualTo(4);
    }

    private List<String> round(String pathA, String pathB) throws Exception {
        Future<String> a = threads.submit(() -> get(pathA));
        Future<String> b = threads.submit(() -> get(pathB));
        return List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));
    }

    private String get(String path) throws Exception {
        try (InputStream in = transport.send("GET", peer.url(path), Map.of(), null, 8000).body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String connectionOf(String answer) {
        return answer.substring(answer.lastIndexOf(' ') + 1);
    }
}
