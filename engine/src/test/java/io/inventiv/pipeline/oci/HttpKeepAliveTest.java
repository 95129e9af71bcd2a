package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which connections {@link HttpTransport} keeps, reuses, drops and resends on, seen from
 * {@link ScriptedHttpPeer} (a TEST DOUBLE that counts the connections it accepts).
 */
class HttpKeepAliveTest {
    private static final String HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final AtomicInteger onWire = new AtomicInteger();
    private final HttpTransport transport = new HttpTransport(new TlsTrust(null), 2000, onWire::incrementAndGet);
    private ScriptedHttpPeer peer;

    @AfterEach
    void stop() {
        transport.closeIdle();
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void twoRequestsInARowShareOneConnection() throws Exception {
        peer = ScriptedHttpPeer.answeringEach(HELLO);

        assertThat(get("/a")).isEqualTo("hello");
        assertThat(get("/b")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(1);
        assertThat(peer.connection(0).requests()).extracting(ScriptedHttpPeer.Request::requestLine)
                .containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1");
        assertThat(onWire.get()).isEqualTo(2);
    }

    @Test
    void anAnswerSayingConnectionCloseIsTheLastOnItsConnection() throws Exception {
        CompletableFuture<Boolean> firstClosedByClient = new CompletableFuture<>();
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            if (c.index == 0) {
                c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello");
                // The peer keeps its side open: only the header tells the client not to reuse it.
                firstClosedByClient.complete(c.clientClosedWithin(Duration.ofSeconds(3)));
            } else {
                c.write(HELLO);
            }
        });

        assertThat(get("/a")).isEqualTo("hello");
        assertThat(get("/b")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(2);
        assertThat(firstClosedByClient.get(5, TimeUnit.SECONDS)).as("the client closed the first connection").isTrue();
        assertThat(onWire.get()).isEqualTo(2);
    }

    @Test
    void anHttp10AnswerIsKeptOnlyWhenItSaysKeepAlive() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            if (c.index == 0) {
                c.write("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            } else {
                c.write("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 5\r\n\r\nhello");
                c.readRequest();
                c.write(HELLO);
            }
            c.clientClosedWithin(Duration.ofSeconds(3));
        });

        assertThat(get("/plain-1.0")).isEqualTo("hello");
        assertThat(get("/keep-alive-1.0")).isEqualTo("hello");
        assertThat(get("/reused")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(2);
        assertThat(peer.connection(1).requests()).extracting(ScriptedHttpPeer.Request::requestLine)
                .containsExactly("GET /keep-alive-1.0 HTTP/1.1", "GET /reused HTTP/1.1");
    }

    @Test
    void aBodyClosedWithASmallRestIsDrainedAndItsConnectionReused() throws Exception {
        String rest = "r".repeat(60 * 1024);
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: " + (4 + rest.length()) + "\r\n\r\nhead" + rest);
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhead\r\n" + chunks(rest, 4096)
                    + "0\r\n\r\n");
            c.readRequest();
            c.write(HELLO);
        });

        assertThat(firstBytes("/fixed", 4)).isEqualTo("head");
        assertThat(firstBytes("/chunked", 4)).isEqualTo("head");
        assertThat(get("/after")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(1);
    }

    @Test
    void aBodyClosedWithALargeRestClosesItsConnection() throws Exception {
        String rest = "r".repeat(300 * 1024);
        CompletableFuture<Boolean> firstClosedByClient = new CompletableFuture<>();
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            if (c.index == 0) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: " + (4 + rest.length()) + "\r\n\r\nhead");
                firstClosedByClient.complete(c.clientClosedWithin(Duration.ofMillis(1000)));
            } else if (c.index == 1) {
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhead\r\n" + chunks(rest, 8192));
                c.clientClosedWithin(Duration.ofSeconds(3));
            } else {
                c.write(HELLO);
            }
        });

        assertThat(firstBytes("/fixed", 4)).isEqualTo("head");
        assertThat(firstClosedByClient.get(5, TimeUnit.SECONDS))
                .as("a rest of 300 KiB is not waited for (that would take the 2 s read timeout)").isTrue();
        assertThat(firstBytes("/chunked", 4)).isEqualTo("head");
        assertThat(get("/after")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(3);
    }

    @Test
    void aKeptConnectionTheServerClosedWhileIdleIsReplacedAndTheRequestResentOnce() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write(HELLO);
            // then the peer closes this connection, as servers do with idle ones
        });
        assertThat(get("/a")).isEqualTo("hello");
        peer.connection(0).awaitFinished();
        onWire.set(0);

        assertThat(get("/b")).isEqualTo("hello");

        assertThat(onWire.get()).as("requests on the wire for /b: the lost one and its resend").isEqualTo(2);
        assertThat(peer.accepts()).isEqualTo(2);
        assertThat(peer.connection(1).requests()).extracting(ScriptedHttpPeer.Request::requestLine)
                .containsExactly("GET /b HTTP/1.1");
    }

    @Test
    void aPutOnAConnectionTheServerClosedWhileIdleIsResentWithItsBody() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write(HELLO);
        });
        assertThat(get("/a")).isEqualTo("hello");
        peer.connection(0).awaitFinished();

        HttpTransport.Answer a = transport.send("PUT", peer.url("/m"), Map.of(), "{\"x\":1}".getBytes(
                StandardCharsets.UTF_8), 2000);

        assertThat(ScriptedHttpPeer.bodyText(a)).isEqualTo("hello");
        assertThat(peer.connection(1).requests().get(0).body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"x\":1}");
    }

    @Test
    void aKeptConnectionLostInTheMiddleOfTheAnswersHeadIsNotResent() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            if (c.index == 0) {
                c.write(HELLO);
                c.readRequest();
                c.write("HTTP/1.1 200 OK\r\nContent-Le");
            } else {
                c.write(HELLO);
            }
        });
        assertThat(get("/a")).isEqualTo("hello");

        assertThatThrownBy(() -> get("/b")).isInstanceOf(EOFException.class)
                .hasMessageContaining("in the middle of the answer's headers");

        assertThat(peer.accepts()).as("the server may have acted on /b: not sent again").isEqualTo(1);
        assertThat(onWire.get()).isEqualTo(2);
    }

    @Test
    void aKeptConnectionResetAfterTheAnswerStartedIsNotResent() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            if (c.index == 0) {
                c.write(HELLO);
                c.readRequest();
                c.write("HTTP/1.1 100 Continue\r\n\r\n");
                Thread.sleep(100);
                c.reset();
            } else {
                c.write(HELLO);
            }
        });
        assertThat(get("/a")).isEqualTo("hello");

        assertThatThrownBy(() -> get("/b")).isInstanceOfAny(EOFException.class, SocketException.class);

        assertThat(peer.accepts()).isEqualTo(1);
        assertThat(onWire.get()).isEqualTo(2);
    }

    @Test
    void anUploadIsNeverResentEvenOnAConnectionTheServerClosedWhileIdle() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write(HELLO);
        });
        assertThat(get("/a")).isEqualTo("hello");
        peer.connection(0).awaitFinished();
        onWire.set(0);

        assertThatThrownBy(() -> transport.upload("PUT", peer.url("/blob"), Map.of(),
                new ByteArrayInputStream(new byte[1000]), 1000, 2000)).isInstanceOf(IOException.class);

        assertThat(onWire.get()).isEqualTo(1);
        assertThat(peer.accepts()).as("the stream cannot be read twice: no second connection").isEqualTo(1);
    }

    @Test
    void anUploadUsesAKeptConnectionAndLeavesItReusable() throws Exception {
        peer = ScriptedHttpPeer.answeringEach(HELLO);

        assertThat(get("/a")).isEqualTo("hello");
        assertThat(ScriptedHttpPeer.bodyText(transport.upload("PUT", peer.url("/blob"), Map.of(),
                new ByteArrayInputStream(new byte[1000]), 1000, 2000))).isEqualTo("hello");
        assertThat(get("/c")).isEqualTo("hello");

        assertThat(peer.accepts()).isEqualTo(1);
        assertThat(peer.connection(0).requests()).hasSize(3);
    }

    private static String chunks(String data, int size) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < data.length(); i += size) {
            String piece = data.substring(i, Math.min(data.length(), i + size));
            b.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        return b.toString();
    }

    private String get(String path) throws IOException {
        return ScriptedHttpPeer.bodyText(transport.send("GET", peer.url(path), Map.of(), null, 2000));
    }

    /** Reads the first {@code n} bytes of the answer's body and closes it before its end. */
    private String firstBytes(String path, int n) throws IOException {
        try (InputStream in = transport.send("GET", peer.url(path), Map.of(), null, 2000).body()) {
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
    }
}
