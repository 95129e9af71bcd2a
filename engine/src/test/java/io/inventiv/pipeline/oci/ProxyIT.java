package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;
import io.inventiv.pipeline.testsupport.TinyProxy;

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, with the engine run as a process against real registries
 * (TLS with basic auth, and plain http) through a real proxy (tinyproxy), whose log shows what
 * went through it.
 */
class ProxyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ci";
    private static final String PASSWORD = "proxied-Registry-2718";
    private static final String PROXY_USER = "proxy-user";
    private static final String PROXY_PASSWORD = "Pr0xy-Pass_4711";
    /** The same password with its "-" %-encoded: the engine must decode it for the proxy to accept it. */
    private static final String PROXY_PASSWORD_ENCODED = "Pr0xy%2DPass_4711";

    private static RegistryServer tlsRegistry;
    private static RegistryServer plainRegistry;
    private static String tlsDigest;
    private static String plainDigest;
    private TinyProxy proxy;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startRegistries() {
        tlsRegistry = RegistryServer.startTls(USER, PASSWORD);
        Path layout = OciImages.index(tmp.resolve("tls-img"), 1, "linux/amd64", "linux/arm64");
        tlsDigest = OciImages.topDigest(layout);
        OciImages.push(layout, tlsRegistry.host() + "/team/api:build1", "--dest-creds", USER + ":" + PASSWORD);

        plainRegistry = RegistryServer.start();
        Path plainLayout = OciImages.index(tmp.resolve("plain-img"), 1, "linux/arm64");
        plainDigest = OciImages.topDigest(plainLayout);
        OciImages.push(plainLayout, plainRegistry.host() + "/team/web:build1");
    }

    @AfterAll
    static void stopRegistries() {
        tlsRegistry.close();
        plainRegistry.close();
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aPromoteOverTlsGoesThroughTheProxysTunnelAndCountsNoConnectAsARequest() throws Exception {
        proxy = TinyProxy.start();
        Result direct = promoteTls("direct", Map.of());
        assertThat(direct.exitCode()).as(direct.all()).isZero();

        Result proxied = promoteTls("proxied", Map.of("HTTPS_PROXY", proxy.url()));

        assertThat(proxied.exitCode()).as(proxied.all()).isZero();
        assertThat(proxy.requests()).isNotEmpty()
                .allMatch(line -> line.equals("CONNECT " + tlsRegistry.host() + " HTTP/1.1"));
        assertThat(requests(proxied)).as("registry requests, CONNECTs not among them").isEqualTo(requests(direct));
        assertThat(OciImages.registryDigest(tlsRegistry.host() + "/team/api:proxied", "--creds", USER + ":" + PASSWORD))
                .isEqualTo(tlsDigest);
    }

    @Test
    void aPlainHttpPromoteGoesToTheHttpProxyInAbsoluteForm() throws Exception {
        proxy = TinyProxy.start();
        String base = "http://" + plainRegistry.host() + "/v2/team/web/manifests/";
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PROXY", proxy.url());
        env.put("HTTPS_PROXY", "http://127.0.0.1:1"); // for https only: nothing listens there

        Result r = EngineProcess.run(env, null, "promote", "--source", plainRegistry.host() + "/team/web@" + plainDigest,
                "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        // GET by digest and HEAD of the tag go out at the same time: their order in the log varies.
        assertThat(proxy.requests()).containsExactlyInAnyOrder(
                "GET " + base + plainDigest + " HTTP/1.1",
                "HEAD " + base + "staging HTTP/1.1",
                "PUT " + base + "staging HTTP/1.1",
                "HEAD " + base + "staging HTTP/1.1");
        assertThat(proxy.requests().get(2)).startsWith("PUT ");
        // The 4 above, and a resend each of the PUT and the last HEAD: tinyproxy closes every client
        // connection after one answer without saying so; the engine finds out when it reuses one
        // (no answer at all), sends the request again on a new connection and counts both.
        assertThat(requests(r)).isEqualTo(6);
        assertThat(OciImages.registryDigest(plainRegistry.host() + "/team/web:staging")).isEqualTo(plainDigest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:PORT", "127.0.0.0/8", "example.org, 127.0.0.1:PORT ,",
            "*"})
    void noProxyNamingTheRegistrySendsEverythingDirect(String noProxy) {
        proxy = TinyProxy.start();

        Result r = digestTls(Map.of("HTTPS_PROXY", proxy.url(),
                "NO_PROXY", noProxy.replace("PORT", String.valueOf(tlsRegistry.port()))));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(tlsDigest);
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void loopbackIsNotSpecialAndLocalhostDoesNotNameTheAddress() {
        proxy = TinyProxy.start();

        Result r = digestTls(Map.of("https_proxy", proxy.url(), "no_proxy", "localhost,127.0.0.1:1,10.0.0.0/8"));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(proxy.requests()).contains("CONNECT " + tlsRegistry.host() + " HTTP/1.1");
    }

    @Test
    void throughTheTunnelTheCertificateIsCheckedAgainstTheRegistrysName() {
        proxy = TinyProxy.start();
        String localhost = "localhost:" + tlsRegistry.port(); // the certificate names IP:127.0.0.1 only

        Result r = EngineProcess.run(Map.of("HTTPS_PROXY", proxy.url(), "REGISTRY_USERNAME", USER,
                "REGISTRY_PASSWORD", PASSWORD), null, "digest", localhost + "/team/api:build1",
                "--ca-file", tlsRegistry.caCert().toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("not trusted");
        assertThat(proxy.requests()).contains("CONNECT " + localhost + " HTTP/1.1");
    }

    @Test
    void aProxyWithBasicAuthTakesTheCredentialsFromTheUrlPercentDecoded() throws Exception {
        proxy = TinyProxy.startWithBasicAuth(PROXY_USER, PROXY_PASSWORD);

        Result r = promoteTls("withauth", Map.of("HTTPS_PROXY", proxy.url(PROXY_USER + ":" + PROXY_PASSWORD_ENCODED)));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(proxy.requests()).isNotEmpty().allMatch(line -> line.startsWith("CONNECT "));
        assertThat(r.all()).doesNotContain(PROXY_PASSWORD).doesNotContain(PROXY_PASSWORD_ENCODED);
        assertThat(OciImages.registryDigest(tlsRegistry.host() + "/team/api:withauth", "--creds", USER + ":" + PASSWORD))
                .isEqualTo(tlsDigest);
    }

    /** tinyproxy answers wrong credentials with 401, missing ones with 407; HttpProxyTransportTest has a 407 to wrong ones. */
    @Test
    void wrongProxyCredentialsFailNamingProxyRegistryAndVariableAndNeverPrintThePassword() {
        proxy = TinyProxy.startWithBasicAuth(PROXY_USER, PROXY_PASSWORD);
        String wrong = "wr0ng-Proxy-Pass";

        Result r = promoteTls("wrongproxy", Map.of("HTTPS_PROXY", proxy.url(PROXY_USER + ":" + wrong)));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("proxy " + proxy.address() + " refused the tunnel to " + tlsRegistry.host()
                + " (401 Unauthorized); it did not accept the credentials in HTTPS_PROXY: give the right ones as "
                + "http://user:password@host:port");
        assertThat(r.stdout()).contains("\"exitCode\":1");
        assertThat(r.all()).doesNotContain(wrong).doesNotContain(PROXY_PASSWORD);
        assertThat(OciImages.exists(tlsRegistry.host() + "/team/api:wrongproxy", "--creds", USER + ":" + PASSWORD))
                .isFalse();
    }

    @Test
    void withoutCredentialsTheMessageSaysWhereToPutThem() {
        proxy = TinyProxy.startWithBasicAuth(PROXY_USER, PROXY_PASSWORD);

        Result r = digestTls(Map.of("HTTPS_PROXY", proxy.url()));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("proxy " + proxy.address() + " refused the tunnel to " + tlsRegistry.host()
                + " (407 Proxy Authentication Required); put the proxy's credentials in HTTPS_PROXY as "
                + "http://user:password@host:port");
    }

    @Test
    void aPlainHttpRequestTheProxyRefusesNamesTheProxyNotTheRegistry() {
        proxy = TinyProxy.startWithBasicAuth(PROXY_USER, PROXY_PASSWORD);

        Result r = EngineProcess.run(Map.of("HTTP_PROXY", proxy.url()), null,
                "digest", plainRegistry.host() + "/team/web:build1");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("proxy " + proxy.address() + " refused the request to "
                + plainRegistry.host() + " (407 Proxy Authentication Required); put the proxy's credentials in "
                + "HTTP_PROXY as http://user:password@host:port");
    }

    @Test
    void anHttpsProxyUrlIsBadInputNamingTheVariableAndWritesNothing() {
        String secret = "https-Proxy-Secret";

        Result r = promoteTls("httpsproxy", Map.of("HTTPS_PROXY", "https://user:" + secret + "@127.0.0.1:3128"));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("HTTPS_PROXY: an https:// proxy URL is not supported")
                .contains("give http://[user:password@]host:port");
        assertThat(r.all()).doesNotContain(secret);
        assertThat(OciImages.exists(tlsRegistry.host() + "/team/api:httpsproxy", "--creds", USER + ":" + PASSWORD))
                .isFalse();
    }

    @Test
    void aMalformedProxyUrlIsBadInputNamingTheVariableActuallyUsed() {
        Result r = EngineProcess.run(Map.of("http_proxy", "http://proxy.internal:312800"), null,
                "digest", plainRegistry.host() + "/team/web:build1");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("http_proxy: is not a proxy URL the engine can use (the port is not a number "
                + "from 1 to 65535)");
    }

    private static Result promoteTls(String tag, Map<String, String> proxyEnv) {
        Map<String, String> env = new HashMap<>(proxyEnv);
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", PASSWORD);
        return EngineProcess.run(env, null, "promote", "--source", tlsRegistry.host() + "/team/api@" + tlsDigest,
                "--tag", tag, "--ca-file", tlsRegistry.caCert().toString(), "--json");
    }

    private static Result digestTls(Map<String, String> proxyEnv) {
        Map<String, String> env = new HashMap<>(proxyEnv);
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", PASSWORD);
        return EngineProcess.run(env, null, "digest", tlsRegistry.host() + "/team/api:build1",
                "--ca-file", tlsRegistry.caCert().toString());
    }

    private static int requests(Result r) throws Exception {
        return JSON.readTree(r.stdout()).get("requests").asInt();
    }
}
