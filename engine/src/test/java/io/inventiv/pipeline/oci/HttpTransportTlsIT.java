package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * {@link HttpTransport} over TLS against a real registry (Debian's docker-registry with a
 * self-signed certificate whose only subject alternative name is IP:127.0.0.1, and basic auth).
 */
class HttpTransportTlsIT {
    private static final String USER = "ci";
    private static final String PASSWORD = "tls-Transport-0815";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static RegistryServer registry;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startTls(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void withTheCaFileTheRegistryIsTrustedAndAnswers() throws Exception {
        HttpTransport t = transport(registry.caCert(), new AtomicInteger());
        try {
            HttpTransport.Answer anonymous = t.send("GET", url(registry.port(), "/v2/"), Map.of(), null, 5000);
            String challenge = anonymous.header("WWW-Authenticate");
            ScriptedHttpPeer.bodyText(anonymous);
            HttpTransport.Answer authorized = t.send("GET", url(registry.port(), "/v2/"), auth(), null, 5000);

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(challenge).isEqualTo("Basic realm=\"test-registry\"");
            assertThat(authorized.status()).isEqualTo(200);
            assertThat(ScriptedHttpPeer.bodyText(authorized)).isEqualTo("{}");
        } finally {
            t.closeIdle();
        }
    }

    @Test
    void tlsConnectionsAreKeptAliveAndReused() throws Exception {
        AtomicInteger onWire = new AtomicInteger();
        HttpTransport t = transport(registry.caCert(), onWire);
        try (CountingTcpRelay relay = new CountingTcpRelay(registry.port())) {
            for (int i = 0; i < 3; i++) {
                HttpTransport.Answer a = t.send("GET", url(relay.port(), "/v2/"), auth(), null, 5000);
                assertThat(a.status()).isEqualTo(200);
                ScriptedHttpPeer.bodyText(a);
            }

            assertThat(relay.accepted()).as("one TLS handshake for three requests").isEqualTo(1);
            assertThat(onWire.get()).isEqualTo(3);
        } finally {
            t.closeIdle();
        }
    }

    @Test
    void aTlsConnectionClosedWhileIdleIsReplacedAndTheRequestResentOnce() throws Exception {
        AtomicInteger onWire = new AtomicInteger();
        HttpTransport t = transport(registry.caCert(), onWire);
        try (CountingTcpRelay relay = new CountingTcpRelay(registry.port())) {
            ScriptedHttpPeer.bodyText(t.send("GET", url(relay.port(), "/v2/"), auth(), null, 5000));
            relay.cutAll();
            Thread.sleep(100); // let the close reach the client's socket
            onWire.set(0);

            HttpTransport.Answer a = t.send("GET", url(relay.port(), "/v2/"), auth(), null, 5000);

            assertThat(a.status()).isEqualTo(200);
            assertThat(ScriptedHttpPeer.bodyText(a)).isEqualTo("{}");
            assertThat(onWire.get()).as("the request lost on the idle connection, and its resend").isEqualTo(2);
            assertThat(relay.accepted()).isEqualTo(2);
        } finally {
            t.closeIdle();
        }
    }

    @Test
    void blobsUploadOverTlsWithContentLengthAndChunked() throws Exception {
        HttpTransport t = transport(registry.caCert(), new AtomicInteger());
        try {
            for (boolean chunked : List.of(false, true)) {
                byte[] blob = ("blob sent " + (chunked ? "in chunks" : "with its length") + " ").repeat(5000)
                        .getBytes(StandardCharsets.UTF_8);
                String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));

                HttpTransport.Answer started = t.send("POST", url(registry.port(), "/v2/team/tls/blobs/uploads/"),
                        auth(), new byte[0], 5000);
                assertThat(started.status()).isEqualTo(202);
                ScriptedHttpPeer.bodyText(started);
                URI location = url(registry.port(), "/").resolve(started.header("Location"));
                URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
                Map<String, String> headers = new LinkedHashMap<>(auth());
                headers.put("Content-Type", "application/octet-stream");
                HttpTransport.Answer done = t.upload("PUT", put, headers, new ByteArrayInputStream(blob),
                        chunked ? -1 : blob.length, 5000);
                assertThat(done.status()).as(ScriptedHttpPeer.bodyText(done)).isEqualTo(201);

                HttpTransport.Answer head = t.send("HEAD", url(registry.port(), "/v2/team/tls/blobs/" + digest),
                        auth(), null, 5000);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(blob.length));
                assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);
                ScriptedHttpPeer.bodyText(head);
            }
        } finally {
            t.closeIdle();
        }
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefusedEvenWithTheCaTrusted() {
        // The certificate names IP:127.0.0.1 only; "localhost" reaches the same socket.
        HttpTransport t = transport(registry.caCert(), new AtomicInteger());

        assertThatThrownBy(() -> t.send("GET", URI.create("https://localhost:" + registry.port() + "/v2/"), auth(),
                null, 5000)).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
    }

    @Test
    void withoutTheCaFileTheSelfSignedCertificateIsNotTrusted() {
        HttpTransport t = transport(null, new AtomicInteger());

        assertThatThrownBy(() -> t.send("GET", url(registry.port(), "/v2/"), auth(), null, 5000))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("certification path");
    }

    @Test
    void aCaFileOfAnotherCaDoesNotMakeTheCertificateTrusted() {
        Path otherCa = tmp.resolve("other-ca.pem");
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", tmp.resolve("other-key.pem").toString(), "-out", otherCa.toString()));
        HttpTransport t = transport(otherCa, new AtomicInteger());

        assertThatThrownBy(() -> t.send("GET", url(registry.port(), "/v2/"), auth(), null, 5000))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static HttpTransport transport(Path caFile, AtomicInteger onWire) {
        return new HttpTransport(new TlsTrust(caFile), 3000, onWire::incrementAndGet);
    }

    private static URI url(int port, String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private static Map<String, String> auth() {
        return Map.of("Authorization", BASIC);
    }
}
