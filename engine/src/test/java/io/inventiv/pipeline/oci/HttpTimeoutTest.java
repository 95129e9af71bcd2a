package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.testsupport.FreePort;

/**
 * Timeouts of {@link HttpTransport} against {@link ScriptedHttpPeer} (a TEST DOUBLE of a server
 * that accepts and then says nothing). A connect timeout needs an address that drops SYNs,
 * which loopback never does: a refused port is checked instead.
 */
class HttpTimeoutTest {
    private static final int READ_TIMEOUT_MILLIS = 300;

    private final TlsTrust tls = new TlsTrust(null);
    private final HttpTransport transport = new HttpTransport(tls, 300, () -> { });
    private ScriptedHttpPeer peer;

    @AfterEach
    void stop() {
        transport.closeIdle();
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aPeerThatNeverAnswersTimesOutAfterTheReadTimeout() {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.clientClosedWithin(Duration.ofSeconds(5));
        });

        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send("GET", peer.url("/v2/"), Map.of(), null, READ_TIMEOUT_MILLIS))
                .isInstanceOf(SocketTimeoutException.class);

        assertThat(millisSince(start)).isBetween(250L, 2000L);
    }

    @Test
    void aBodyThatStopsComingTimesOutAfterTheReadTimeout() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthe first bytes");
            c.clientClosedWithin(Duration.ofSeconds(5));
        });
        HttpTransport.Answer a = transport.send("GET", peer.url("/blob"), Map.of(), null, READ_TIMEOUT_MILLIS);

        long start = System.nanoTime();
        try (InputStream in = a.body()) {
            assertThat(new String(in.readNBytes(15), StandardCharsets.UTF_8)).isEqualTo("the first bytes");
            assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
        }

        assertThat(millisSince(start)).isBetween(250L, 2000L);
    }

    @Test
    void aKeptConnectionThatTimesOutIsNotResent() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.readRequest();
            c.clientClosedWithin(Duration.ofSeconds(5));
        });
        try (InputStream in = transport.send("GET", peer.url("/a"), Map.of(), null, READ_TIMEOUT_MILLIS).body()) {
            in.readAllBytes();
        }

        assertThatThrownBy(() -> transport.send("GET", peer.url("/b"), Map.of(), null, READ_TIMEOUT_MILLIS))
                .isInstanceOf(SocketTimeoutException.class);

        assertThat(peer.accepts()).as("a server that is slow to answer may still act: no resend").isEqualTo(1);
    }

    @Test
    void aRefusedPortFailsAtOnceWithConnectException() {
        URI nothingListens = URI.create("http://127.0.0.1:" + FreePort.find() + "/v2/");

        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send("GET", nothingListens, Map.of(), null, READ_TIMEOUT_MILLIS))
                .isInstanceOf(ConnectException.class);

        assertThat(millisSince(start)).isLessThan(1000L);
    }

    @Test
    void aTlsPeerThatNeverCompletesTheHandshakeTimesOutAfterTheConnectTimeout() {
        peer = ScriptedHttpPeer.start(c -> c.clientClosedWithin(Duration.ofSeconds(5)));
        URI https = URI.create("https://127.0.0.1:" + peer.port() + "/v2/");
        tls.socketFactory(); // built once per run; its start-up cost is not the timeout under test

        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send("GET", https, Map.of(), null, 5000))
                .isInstanceOf(SocketTimeoutException.class);

        assertThat(millisSince(start)).as("the 300 ms connect timeout, not the 5 s read timeout").isLessThan(2000L);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
