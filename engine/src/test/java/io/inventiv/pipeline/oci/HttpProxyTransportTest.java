package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.testsupport.FreePort;

/**
 * {@link HttpTransport} through a proxy, against {@link ScriptedHttpPeer} as a TEST DOUBLE of the
 * proxy: it shows the exact bytes of a CONNECT and of an absolute-form request, and answers what
 * a real proxy will not on demand (silence, 502, 403). The happy paths through a real proxy are
 * ProxyIT's (tinyproxy). The registry host names below are never resolved: only the proxy is
 * connected to.
 */
class HttpProxyTransportTest {
    private static final int CONNECT_TIMEOUT_MILLIS = 300;
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("builder:s3cret".getBytes(StandardCharsets.UTF_8));

    private final AtomicInteger onWire = new AtomicInteger();
    private ScriptedHttpPeer proxy;
    private ScriptedHttpPeer registry;
    private HttpTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.closeIdle();
        }
        for (ScriptedHttpPeer p : new ScriptedHttpPeer[] {proxy, registry}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void anHttpsRequestAsksForATunnelWithHostAndCredentialsAndA407EndsTheCall() throws Exception {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
                    + "Content-Length: 0\r\n\r\n");
            c.clientClosedWithin(Duration.ofSeconds(5));
        });
        transport = through(Map.of("HTTPS_PROXY", "http://builder:s3cret@127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null, 5000))
                .isExactlyInstanceOf(EngineException.class)
                .hasMessage("proxy 127.0.0.1:" + proxy.port() + " refused the tunnel to registry.example:443 "
                        + "(407 Proxy Authentication Required); it did not accept the credentials in HTTPS_PROXY: "
                        + "give the right ones as http://user:password@host:port (%-encode : @ / in them)");

        assertThat(proxy.requests()).hasSize(1);
        assertThat(proxy.requests().get(0).head()).isEqualTo("CONNECT registry.example:443 HTTP/1.1\r\n"
                + "Host: registry.example:443\r\nUser-Agent: inventiv-pipeline\r\nProxy-Authorization: " + BASIC);
        assertThat(proxy.connection(0).socketReads()).as("the CONNECT in one write").hasSize(1);
        assertThat(onWire.get()).as("a CONNECT is no registry request").isZero();
    }

    @Test
    void aTunnelToAnExplicitPortNamesThatPortAndSendsNoCredentialsWhenNoneAreGiven() throws Exception {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.0 407 Proxy Authentication Required\r\n\r\n");
        });
        transport = through(Map.of("HTTPS_PROXY", "127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("HEAD", URI.create("https://registry.example:5443/v2/"), Map.of(),
                null, 5000)).hasMessageEndingWith("; put the proxy's credentials in HTTPS_PROXY as "
                        + "http://user:password@host:port");

        assertThat(proxy.requests().get(0).head()).isEqualTo("CONNECT registry.example:5443 HTTP/1.1\r\n"
                + "Host: registry.example:5443\r\nUser-Agent: inventiv-pipeline");
    }

    @Test
    void aProxyThatNeverAnswersTheConnectTimesOutAfterTheConnectTimeout() {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.clientClosedWithin(Duration.ofSeconds(5));
        });
        transport = through(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null,
                10_000)).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("the proxy 127.0.0.1:" + proxy.port() + " did not answer the CONNECT to "
                        + "registry.example:443 within " + CONNECT_TIMEOUT_MILLIS + " ms");

        assertThat((System.nanoTime() - start) / 1_000_000).as("the connect timeout, not the read timeout")
                .isBetween(250L, 3000L);
    }

    @Test
    void a5xxToTheConnectIsAnIoErrorTheCallerRetriesAndNamesProxyTargetAndStatus() {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!");
        });
        transport = through(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null,
                5000)).isExactlyInstanceOf(IOException.class)
                .hasMessage("proxy 127.0.0.1:" + proxy.port() + " refused the tunnel to registry.example:443 "
                        + "(502 Bad Gateway)");
    }

    @Test
    void anyOtherRefusalEndsTheCallWithTheProxysReason() {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Filtered by policy\u0007\r\nContent-Length: 0\r\n\r\n");
        });
        transport = through(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null,
                5000)).isExactlyInstanceOf(EngineException.class)
                .hasMessage("proxy 127.0.0.1:" + proxy.port() + " refused the tunnel to registry.example:443 "
                        + "(403 Filtered by policy?)");
    }

    @Test
    void somethingOtherThanHttpFromTheProxyIsAnIoError() {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("SSH-2.0-OpenSSH_9.2\r\n");
        });
        transport = through(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null,
                5000)).isExactlyInstanceOf(IOException.class)
                .hasMessage("the proxy 127.0.0.1:" + proxy.port() + " gave no HTTP answer to the CONNECT to "
                        + "registry.example:443");
    }

    @Test
    void aProxyNobodyListensOnIsNamedInTheConnectError() {
        int closed = FreePort.find();
        transport = through(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + closed));

        assertThatThrownBy(() -> transport.send("GET", URI.create("https://registry.example/v2/"), Map.of(), null,
                5000)).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("cannot reach the proxy 127.0.0.1:" + closed + " of HTTPS_PROXY (");
    }

    @Test
    void plainHttpGoesToTheProxyInAbsoluteFormWithCredentialsAndKeepsItsConnectionPerOrigin() throws Exception {
        proxy = ScriptedHttpPeer.start(c -> {
            while (c.readRequest() != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        transport = through(Map.of("HTTP_PROXY", "http://builder:s3cret@127.0.0.1:" + proxy.port()));

        ScriptedHttpPeer.bodyText(transport.send("GET", URI.create("http://registry.example:5000/v2/team/api/tags/list?n=10"),
                Map.of("Accept", "application/json"), null, 5000));
        ScriptedHttpPeer.bodyText(transport.send("PUT", URI.create("http://registry.example:5000/v2/team/api/manifests/staging"),
                Map.of(), "{}".getBytes(StandardCharsets.UTF_8), 5000));
        ScriptedHttpPeer.bodyText(transport.send("GET", URI.create("http://mirror.example/v2/"), Map.of(), null, 5000));

        assertThat(proxy.requests()).extracting(ScriptedHttpPeer.Request::head).containsExactly(
                "GET http://registry.example:5000/v2/team/api/tags/list?n=10 HTTP/1.1\r\nHost: registry.example:5000"
                        + "\r\nAccept: application/json\r\nProxy-Authorization: " + BASIC,
                "PUT http://registry.example:5000/v2/team/api/manifests/staging HTTP/1.1\r\n"
                        + "Host: registry.example:5000\r\nProxy-Authorization: " + BASIC + "\r\nContent-Length: 2",
                "GET http://mirror.example/v2/ HTTP/1.1\r\nHost: mirror.example\r\nProxy-Authorization: " + BASIC);
        assertThat(proxy.accepts()).as("one connection per (proxy, registry origin)").isEqualTo(2);
        assertThat(onWire.get()).isEqualTo(3);
    }

    @Test
    void aPlainHttp407FromTheProxyNamesTheProxyAndTheVariable() {
        proxy = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        });
        transport = through(Map.of("http_proxy", "http://127.0.0.1:" + proxy.port()));

        assertThatThrownBy(() -> transport.send("GET", URI.create("http://registry.example:5000/v2/"), Map.of(), null,
                5000)).isExactlyInstanceOf(EngineException.class)
                .hasMessage("proxy 127.0.0.1:" + proxy.port() + " refused the request to registry.example:5000 "
                        + "(407 Proxy Authentication Required); put the proxy's credentials in http_proxy as "
                        + "http://user:password@host:port");
    }

    @Test
    void aHostNamedByNoProxyIsReachedDirectAndTheProxySeesNothing() throws Exception {
        proxy = ScriptedHttpPeer.start(c -> c.write("HTTP/1.1 500 Should Not Be Asked\r\nContent-Length: 0\r\n\r\n"));
        registry = ScriptedHttpPeer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ndirect");
        });
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PROXY", "http://127.0.0.1:" + proxy.port());
        env.put("NO_PROXY", "127.0.0.1:" + registry.port());
        transport = through(env);

        String body = ScriptedHttpPeer.bodyText(transport.send("GET", registry.url("/v2/"), Map.of(), null, 5000));

        assertThat(body).isEqualTo("direct");
        assertThat(registry.requests().get(0).requestLine()).isEqualTo("GET /v2/ HTTP/1.1");
        assertThat(registry.requests().get(0).head()).doesNotContain("Proxy-Authorization");
        assertThat(proxy.accepts()).isZero();
    }

    private HttpTransport through(Map<String, String> env) {
        return new HttpTransport(new TlsTrust(null), CONNECT_TIMEOUT_MILLIS, ProxyRoute.from(env),
                onWire::incrementAndGet);
    }
}
