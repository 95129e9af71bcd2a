package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact bytes {@link HttpTransport} puts on the wire, as {@link ScriptedHttpPeer} (a TEST DOUBLE) receives them. */
class HttpRequestBytesTest {
    private static final String OK = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";

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
    void aGetIsTheRequestLineHostAndTheCallersHeadersInOrderWithoutABody() throws Exception {
        peer = answering(OK);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "inventiv-pipeline");
        headers.put("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json");

        close(transport.send("GET", peer.url("/v2/team/api/tags/list?n=10&last=a%2Fb"), headers, null, 2000));

        assertThat(onlyRequest().text()).isEqualTo("GET /v2/team/api/tags/list?n=10&last=a%2Fb HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + peer.port() + "\r\n"
                + "User-Agent: inventiv-pipeline\r\n"
                + "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json\r\n"
                + "\r\n");
    }

    @Test
    void aUrlWithoutPathAsksForTheRoot() throws Exception {
        peer = answering(OK);

        close(transport.send("GET", URI.create("http://127.0.0.1:" + peer.port()), Map.of(), null, 2000));

        assertThat(onlyRequest().requestLine()).isEqualTo("GET / HTTP/1.1");
    }

    @Test
    void aPutWithABodyLeavesInOneWriteWithItsContentLength() throws Exception {
        peer = answering(OK);
        byte[] manifest = ("{\"schemaVersion\":2,\"layers\":[" + "{\"size\":1},".repeat(80) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);

        close(transport.send("PUT", peer.url("/v2/team/api/manifests/staging"),
                Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), manifest, 2000));

        ScriptedHttpPeer.Request r = onlyRequest();
        String head = "PUT /v2/team/api/manifests/staging HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + peer.port() + "\r\n"
                + "Content-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                + "Content-Length: " + manifest.length + "\r\n\r\n";
        assertThat(r.raw()).isEqualTo(concat(head.getBytes(StandardCharsets.ISO_8859_1), manifest));
        // One write of less than a loopback segment reaches the peer as one read; head and body
        // written separately would be two writes (and, with Nagle, a delayed-ACK wait between).
        assertThat(peer.connection(0).socketReads()).containsExactly(r.raw().length);
    }

    @Test
    void anEmptyBodySaysContentLengthZero() throws Exception {
        peer = answering(OK);

        close(transport.send("POST", peer.url("/v2/team/api/blobs/uploads/"), Map.of(), new byte[0], 2000));

        assertThat(onlyRequest().text()).isEqualTo("POST /v2/team/api/blobs/uploads/ HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + peer.port() + "\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void hostLeavesOutTheSchemesDefaultPortOnly() {
        assertThat(host("http://registry.example/v2/")).isEqualTo("registry.example");
        assertThat(host("http://registry.example:80/v2/")).isEqualTo("registry.example");
        assertThat(host("https://ghcr.io/v2/")).isEqualTo("ghcr.io");
        assertThat(host("https://ghcr.io:443/v2/")).isEqualTo("ghcr.io");
        assertThat(host("https://registry.example:80/v2/")).isEqualTo("registry.example:80");
        assertThat(host("http://registry.example:443/v2/")).isEqualTo("registry.example:443");
        assertThat(host("http://127.0.0.1:5000/v2/")).isEqualTo("127.0.0.1:5000");
        assertThat(host("https://[::1]/v2/")).isEqualTo("[::1]");
        assertThat(host("http://[::1]:5000/v2/")).isEqualTo("[::1]:5000");
    }

    @Test
    void anIpv6LiteralIsConnectedWithoutBracketsAndNamedWithThemInHost() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        if (!bindable(v6)) {
            // No IPv6 loopback on this machine: the Host formatting is all that can be checked.
            assertThat(host("http://[::1]:5000/v2/")).isEqualTo("[::1]:5000");
            return;
        }
        peer = ScriptedHttpPeer.start(v6, c -> {
            c.readRequest();
            c.write(OK);
        });
        URI url = URI.create("http://[::1]:" + peer.port() + "/v2/");

        HttpTransport.Answer a = transport.send("GET", url, Map.of(), null, 2000);
        close(a);

        assertThat(a.status()).isEqualTo(201);
        assertThat(onlyRequest().text()).isEqualTo("GET /v2/ HTTP/1.1\r\nHost: [::1]:" + peer.port() + "\r\n\r\n");
    }

    @Test
    void anUploadOfKnownLengthStreamsTheDataAfterAContentLengthHead() throws Exception {
        peer = answering(OK);
        byte[] blob = pattern(200_000);

        close(transport.upload("PUT", peer.url("/v2/team/api/blobs/uploads/u1?digest=sha256%3Aab"),
                Map.of("Content-Type", "application/octet-stream"), new ByteArrayInputStream(blob), blob.length, 2000));

        ScriptedHttpPeer.Request r = onlyRequest();
        assertThat(r.head()).isEqualTo("PUT /v2/team/api/blobs/uploads/u1?digest=sha256%3Aab HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + peer.port() + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: 200000");
        assertThat(r.body()).isEqualTo(blob);
    }

    @Test
    void anUploadOfUnknownLengthIsSentInChunksEndedByTheLastChunk() throws Exception {
        peer = answering(OK);
        byte[] blob = pattern(20_000);

        close(transport.upload("PUT", peer.url("/v2/up"), Map.of(), new Trickle(blob, 7000), -1, 2000));

        ScriptedHttpPeer.Request r = onlyRequest();
        assertThat(r.head()).isEqualTo("PUT /v2/up HTTP/1.1\r\nHost: 127.0.0.1:" + peer.port()
                + "\r\nTransfer-Encoding: chunked");
        assertThat(r.body()).isEqualTo(blob);
        String framing = r.text().substring(r.head().length() + 4);
        assertThat(framing).startsWith("1b58\r\n").endsWith("\r\n0\r\n\r\n");
    }

    @Test
    void aSmallChunkedUploadIsExactlyOneChunkAndTheLastChunk() throws Exception {
        peer = answering(OK);

        close(transport.upload("PUT", peer.url("/u"), Map.of(), new ByteArrayInputStream(
                "hello".getBytes(StandardCharsets.US_ASCII)), -1, 2000));

        assertThat(onlyRequest().text()).endsWith("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void anUploadShorterThanItsContentLengthFailsAndItsConnectionIsDropped() throws Exception {
        peer = ScriptedHttpPeer.start(c -> {
            while (c.readRequest() != null) {
                c.write(OK);
            }
        });

        assertThatThrownBy(() -> transport.upload("PUT", peer.url("/u"), Map.of(),
                new ByteArrayInputStream(new byte[10]), 25, 2000))
                .isInstanceOf(IOException.class).hasMessageContaining("15 bytes short of the Content-Length");
        close(transport.send("GET", peer.url("/next"), Map.of(), null, 2000));

        assertThat(peer.accepts()).as("the half-sent request's connection is not reused").isEqualTo(2);
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        CompletableFuture<List<Integer>> readsUntilClosed = new CompletableFuture<>();
        peer = ScriptedHttpPeer.start(c -> {
            c.clientClosedWithin(Duration.ofSeconds(2));
            readsUntilClosed.complete(c.socketReads());
        });

        assertThatThrownBy(() -> transport.send("GET", peer.url("/v2/"),
                Map.of("Authorization", "Bearer abc\r\nX-Injected: 1"), null, 2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization")
                .hasMessageNotContaining("abc");

        assertThat(readsUntilClosed.get(3, TimeUnit.SECONDS)).as("bytes the peer received").isEmpty();
    }

    private static String host(String url) {
        return HttpTransport.withHost(URI.create(url), Map.of()).get("Host");
    }

    private static boolean bindable(InetAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private ScriptedHttpPeer.Request onlyRequest() throws InterruptedException {
        peer.connection(0);
        long deadline = System.currentTimeMillis() + 2000;
        while (peer.requests().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(peer.requests()).hasSize(1);
        return peer.requests().get(0);
    }

    private static ScriptedHttpPeer answering(String answer) {
        return ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write(answer);
        });
    }

    private static void close(HttpTransport.Answer a) throws IOException {
        try (InputStream in = a.body()) {
            in.readAllBytes();
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A stream that hands out at most {@code piece} bytes per read, as a file or socket may. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int piece;
        private int pos;

        Trickle(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void theDefaultPortWrittenOrNotIsTheSameOrigin() {
        assertThat(HttpTransport.origin(URI.create("https://ghcr.io/v2/")))
                .isEqualTo(HttpTransport.origin(URI.create("https://ghcr.io:443/token")));
        assertThat(HttpTransport.origin(URI.create("http://127.0.0.1/v2/")))
                .isEqualTo(HttpTransport.origin(URI.create("http://127.0.0.1:80/v2/")))
                .isNotEqualTo(HttpTransport.origin(URI.create("https://127.0.0.1/v2/")));
    }
}
