package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link HttpTransport} reads answers, against {@link ScriptedHttpPeer} (a TEST DOUBLE that
 * writes exact bytes): every framing a server may use, and the malformed answers it must refuse.
 */
class HttpAnswerFramingTest {
    private final HttpTransport transport = new HttpTransport(new TlsTrust(null), 2000, () -> { });
    private ScriptedHttpPeer peer;

    @AfterEach
    void stop() {
        transport.closeIdle();
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void decodesAChunkedBodyWithChunkExtensionsAndTrailers() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=\"value\"\r\nhello\r\n"
                + "1 ; ext\r\n,\r\n"
                + "A\r\n the world\r\n"
                + "0;last\r\nDigest: sha-256=abc\r\nX-Trailer: 1\r\n\r\n");

        HttpTransport.Answer a = get("/chunked");

        assertThat(a.status()).isEqualTo(200);
        assertThat(ScriptedHttpPeer.bodyText(a)).isEqualTo("hello, the world");
        // Trailers were consumed: the next answer on the same connection is read intact.
        assertThat(ScriptedHttpPeer.bodyText(get("/again"))).isEqualTo("hello, the world");
        assertThat(peer.accepts()).isEqualTo(1);
    }

    @Test
    void readsExactlyContentLengthBytesAndKeepsTheConnection() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world");

        HttpTransport.Answer a = get("/one");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("text/plain");
        assertThat(ScriptedHttpPeer.bodyText(a)).isEqualTo("hello world");
        assertThat(ScriptedHttpPeer.bodyText(get("/two"))).isEqualTo("hello world");
        assertThat(peer.accepts()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutLengthRunsToTheCloseAndItsConnectionIsNotReused() throws Exception {
        AtomicInteger onWire = new AtomicInteger();
        HttpTransport counting = new HttpTransport(new TlsTrust(null), 2000, onWire::incrementAndGet);
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the");
            c.write(" end");
        });

        assertThat(ScriptedHttpPeer.bodyText(counting.send("GET", peer.url("/a"), Map.of(), null, 2000))).isEqualTo("until the end");
        assertThat(ScriptedHttpPeer.bodyText(counting.send("GET", peer.url("/b"), Map.of(), null, 2000))).isEqualTo("until the end");

        // Two requests, two connections, and no attempt on the first one (that would count 3).
        assertThat(peer.accepts()).isEqualTo(2);
        assertThat(onWire.get()).isEqualTo(2);
        counting.closeIdle();
    }

    @Test
    void headAnswersHaveNoBodyWhateverTheirContentLengthSays() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nDocker-Content-Digest: sha256:ab\r\n\r\n");
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        });

        HttpTransport.Answer head = transport.send("HEAD", peer.url("/v2/app/manifests/t"), Map.of(), null, 2000);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("1234");
        assertThat(ScriptedHttpPeer.bodyText(head)).isEmpty();
        assertThat(ScriptedHttpPeer.bodyText(get("/after"))).isEqualTo("next");
        assertThat(peer.accepts()).isEqualTo(1);
    }

    @Test
    void answers204And304HaveNoBodyWhateverTheirContentLengthSays() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 204 No Content\r\nContent-Length: 50\r\n\r\n");
            c.readRequest();
            c.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 70\r\nETag: \"x\"\r\n\r\n");
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        });

        HttpTransport.Answer noContent = transport.send("DELETE", peer.url("/a"), Map.of(), null, 2000);
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(ScriptedHttpPeer.bodyText(noContent)).isEmpty();
        HttpTransport.Answer notModified = get("/b");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(ScriptedHttpPeer.bodyText(notModified)).isEmpty();
        assertThat(ScriptedHttpPeer.bodyText(get("/c"))).isEqualTo("next");
        assertThat(peer.accepts()).isEqualTo(1);
    }

    @Test
    void interimAnswersBeforeTheRealOneAreSkipped() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\nX-Interim: yes\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nLocation: /v2/app/manifests/sha256:ab\r\nContent-Length: 0\r\n\r\n");

        HttpTransport.Answer a = transport.send("PUT", peer.url("/v2/app/manifests/t"), Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8), 2000);

        assertThat(a.status()).isEqualTo(201);
        assertThat(a.header("Location")).isEqualTo("/v2/app/manifests/sha256:ab");
        assertThat(a.header("X-Interim")).as("headers of an interim answer are not the answer's").isNull();
        assertThat(ScriptedHttpPeer.bodyText(a)).isEmpty();
    }

    @Test
    void headerNamesMatchInAnyCase() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\ntransfer-ENCODING: Chunked\r\nDOCKER-content-digest: sha256:cd\r\n"
                + "www-authenticate: Bearer realm=\"r\"\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        HttpTransport.Answer a = get("/case");

        assertThat(a.header("Docker-Content-Digest")).isEqualTo("sha256:cd");
        assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"r\"");
        assertThat(ScriptedHttpPeer.bodyText(a)).isEqualTo("abc");
    }

    @Test
    void aContentLengthBodyCutShortFailsNamingTheMissingBytes() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234");
        });

        HttpTransport.Answer a = get("/short");

        assertThat(a.status()).isEqualTo(200);
        assertThatThrownBy(() -> ScriptedHttpPeer.bodyText(a)).isInstanceOf(EOFException.class)
                .hasMessageContaining("6 bytes before the end of the body");
    }

    @Test
    void aChunkedBodyCutShortFailsNamingTheMissingBytes() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n12345");
        });

        HttpTransport.Answer a = get("/short");

        assertThatThrownBy(() -> ScriptedHttpPeer.bodyText(a)).isInstanceOf(EOFException.class)
                .hasMessageContaining("11 bytes before the end of a chunk");
    }

    @Test
    void aChunkedBodyCutBeforeItsLastChunkFails() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        });

        HttpTransport.Answer a = get("/short");

        assertThatThrownBy(() -> ScriptedHttpPeer.bodyText(a)).isInstanceOf(EOFException.class).hasMessageContaining("chunked body");
    }

    @Test
    void somethingThatIsNotAnHttpStatusLineIsRefused() {
        assertRefused("SSH-2.0-OpenSSH_9.2\r\n\r\n", "not an HTTP/1.x answer: 'SSH-2.0-OpenSSH_9.2'");
        assertRefused("HTTP/1.1 OK\r\n\r\n", "not an HTTP/1.x answer");
        assertRefused("HTTP/2 200\r\n\r\n", "not an HTTP/1.x answer");
        assertRefused("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "bad status line: 'HTTP/1.1 2x0 OK'");
    }

    @Test
    void aStatusCodeMustBeThreeDigits() {
        assertRefused("HTTP/1.1 -20 Odd\r\nContent-Length: 0\r\n\r\n", "bad status line");
        assertRefused("HTTP/1.1 +20 Odd\r\nContent-Length: 0\r\n\r\n", "bad status line");
        assertRefused("HTTP/1.1 2000 Odd\r\nContent-Length: 0\r\n\r\n", "bad status line");
    }

    @Test
    void aNegativeOrUnreadableContentLengthIsRefused() throws Exception {
        assertBodyRefused("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length '-1'");
        assertBodyRefused("HTTP/1.1 200 OK\r\nContent-Length: 12ab\r\n\r\n", "bad Content-Length '12ab'");
    }

    @Test
    void twoDifferentContentLengthsAreRefusedAndEqualOnesAccepted() throws Exception {
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 7\r\n\r\nhello12",
                "two different Content-Length headers");
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(ScriptedHttpPeer.bodyText(get("/same"))).isEqualTo("hello");
    }

    @Test
    void bytesAfterTheEndOfAnAnswerKeepItsConnectionFromBeingReused() throws Exception {
        // A server (or proxy) that sends a body after a HEAD answer, or a second answer nobody
        // asked for: on a reused connection those bytes would be taken for the next answer.
        peer = ScriptedHttpPeer.start(c -> {
            for (ScriptedHttpPeer.Request r = c.readRequest(); r != null; r = c.readRequest()) {
                c.write(r.requestLine().startsWith("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
            }
        });

        HttpTransport.Answer head = transport.send("HEAD", peer.url("/a"), Map.of(), null, 2000);
        assertThat(ScriptedHttpPeer.bodyText(head)).isEmpty();
        assertThat(ScriptedHttpPeer.bodyText(get("/b"))).isEqualTo("next");

        assertThat(peer.accepts()).isEqualTo(2);
    }

    @Test
    void oneOversizedHeaderLineIsRefused() {
        assertRefused("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(70 * 1024) + "\r\n\r\n",
                "answer headers longer than 65536 bytes");
    }

    @Test
    void manyHeaderLinesTogetherOverTheLimitAreRefused() {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; head.length() < 100 * 1024; i++) {
            head.append("X-Filler-").append(i).append(": ").append("y".repeat(60)).append("\r\n");
        }
        assertRefused(head.append("Content-Length: 0\r\n\r\n").toString(), "answer headers longer than 65536 bytes");
    }

    @Test
    void endlessInterimAnswersCountTowardsTheHeaderLimit() {
        assertRefused("HTTP/1.1 100 Continue\r\n\r\n".repeat(4000) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "answer headers longer than 65536 bytes");
    }

    private void assertRefused(String answer, String message) {
        try (ScriptedHttpPeer p = ScriptedHttpPeer.answeringEach(answer)) {
            assertThatThrownBy(() -> transport.send("GET", p.url("/bad"), Map.of(), null, 2000))
                    .isInstanceOf(IOException.class).hasMessageContaining(message);
        }
    }

    private void assertBodyRefused(String answer, String message) {
        try (ScriptedHttpPeer p = ScriptedHttpPeer.answeringEach(answer)) {
            assertThatThrownBy(() -> ScriptedHttpPeer.bodyText(transport.send("GET", p.url("/bad"), Map.of(), null, 2000)))
                    .isInstanceOf(IOException.class).hasMessageContaining(message);
        }
    }

    @Test
    void anAnswerFramedBothWaysIsReadChunkedAndItsConnectionNotReused() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");

        assertThat(ScriptedHttpPeer.bodyText(get("/a"))).isEqualTo("hello");
        assertThat(ScriptedHttpPeer.bodyText(get("/b"))).isEqualTo("hello");
        assertThat(peer.accepts()).isEqualTo(2);
    }

    @Test
    void aSignedChunkSizeIsRefused() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n");

        HttpTransport.Answer a = get("/signed");

        assertThatThrownBy(() -> ScriptedHttpPeer.bodyText(a)).isInstanceOf(IOException.class).hasMessageContaining("bad chunk size line '+5'");
    }

    @Test
    void aSwitchingProtocolsAnswerKeepsNoConnectionForTheNextRequest() throws Exception {
        peer = ScriptedHttpPeer.answeringEach("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");

        assertThat(get("/a").status()).isEqualTo(101);
        ScriptedHttpPeer.bodyText(get("/b"));
        assertThat(peer.accepts()).isEqualTo(2);
    }

    private HttpTransport.Answer get(String path) throws IOException {
        return transport.send("GET", peer.url(path), Map.of(), null, 2000);
    }
}
