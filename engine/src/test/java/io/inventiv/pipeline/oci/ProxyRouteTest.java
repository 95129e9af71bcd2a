package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/** Proxy URLs and NO_PROXY as {@link ProxyRoute} reads them from an environment map. */
class ProxyRouteTest {
    private static final String PROXY = "http://proxy.corp:3128";

    @Test
    void withoutProxyVariablesEverythingGoesDirect() {
        ProxyRoute route = ProxyRoute.from(Map.of("NO_PROXY", "not:a:valid:[entry"));

        assertThat(route.proxyFor(URI.create("https://ghcr.io/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("http://127.0.0.1:5000/v2/"))).isNull();
    }

    @Test
    void httpsUrlsUseHttpsProxyAndPlainHttpOnesUseHttpProxy() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", "http://secure.corp:3128",
                "HTTP_PROXY", "http://plain.corp:8080"));

        assertThat(route.proxyFor(URI.create("https://ghcr.io/v2/")).address()).isEqualTo("secure.corp:3128");
        assertThat(route.proxyFor(URI.create("http://registry.corp:5000/v2/")).address()).isEqualTo("plain.corp:8080");
        assertThat(route.proxyFor(URI.create("https://ghcr.io/v2/")).variable()).isEqualTo("HTTPS_PROXY");
    }

    @Test
    void onlyAnHttpsProxyLeavesPlainHttpDirect() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", PROXY));

        assertThat(route.proxyFor(URI.create("http://registry.corp:5000/v2/"))).isNull();
    }

    @Test
    void upperCaseComesBeforeLowerCaseAndABlankValueCountsAsUnset() {
        assertThat(ProxyRoute.from(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"))
                .proxyFor(URI.create("https://ghcr.io/")).address()).isEqualTo("upper:1");
        HttpProxy lower = ProxyRoute.from(Map.of("HTTPS_PROXY", "  ", "https_proxy", "http://lower:2"))
                .proxyFor(URI.create("https://ghcr.io/"));
        assertThat(lower.address()).isEqualTo("lower:2");
        assertThat(lower.variable()).isEqualTo("https_proxy");
        assertThat(ProxyRoute.from(Map.of("http_proxy", "lower:8080")).proxyFor(URI.create("http://r.corp/"))
                .variable()).isEqualTo("http_proxy");
    }

    @ParameterizedTest
    @CsvSource({
        "http://proxy.corp:3128,      proxy.corp, 3128",
        "http://proxy.corp:3128/,     proxy.corp, 3128",
        "HTTP://Proxy.Corp,           proxy.corp, 80",
        "proxy.corp:3128,             proxy.corp, 3128",
        "proxy.corp,                  proxy.corp, 80",
        "'  http://10.0.0.5:8080  ',  10.0.0.5,   8080",
        "http://[fd00::5]:3128,       [fd00::5],  3128",
    })
    void proxyUrlsWithOrWithoutSchemeAndPort(String value, String host, int port) {
        HttpProxy p = HttpProxy.parse("HTTPS_PROXY", value);

        assertThat(p.host()).isEqualTo(host);
        assertThat(p.port()).isEqualTo(port);
        assertThat(p.authorization()).isNull();
    }

    @Test
    void anIpv6ProxyIsConnectedToWithoutBrackets() {
        HttpProxy p = HttpProxy.parse("HTTPS_PROXY", "http://[::1]:3128");

        assertThat(p.socketHost()).isEqualTo("::1");
        assertThat(p.address()).isEqualTo("[::1]:3128");
    }

    @Test
    void userinfoIsPercentDecodedIntoProxyAuthorizationAndRedactedTheMomentItIsRead() {
        HttpProxy p = HttpProxy.parse("HTTPS_PROXY", "http://build%40corp:p%3Aa%2Fss%25w%C3%B6rd@proxy.corp:3128");

        assertThat(p.authorization()).isEqualTo("Basic " + base64("build@corp:p:a/ss%wörd"));
        assertThat(Redactor.global().scrub("pw p:a/ss%wörd raw p%3Aa%2Fss%25w%C3%B6rd"))
                .isEqualTo("pw **** raw ****");
        assertThat(Redactor.global().scrub(p.authorization())).isEqualTo("Basic ****");
        assertThat(p.toString()).doesNotContain("p:a/ss").contains("with credentials");
    }

    @Test
    void aUserWithoutPasswordSendsAnEmptyPassword() {
        assertThat(HttpProxy.parse("HTTP_PROXY", "http://builder@proxy.corp:3128").authorization())
                .isEqualTo("Basic " + base64("builder:"));
    }

    @Test
    void aPasswordWithSlashesQuestionMarksAndHashesNeedsNoEncoding() {
        HttpProxy p = HttpProxy.parse("HTTPS_PROXY", "http://u:a/b?c#d@proxy.corp:3128");

        assertThat(p.address()).isEqualTo("proxy.corp:3128");
        assertThat(p.authorization()).isEqualTo("Basic " + base64("u:a/b?c#d"));
    }

    @Test
    void anHttpsProxyUrlIsBadInputNamingTheVariableWithoutItsCredentials() {
        assertThatThrownBy(() -> ProxyRoute.from(Map.of("HTTPS_PROXY", "https://u:t0p-Secret@proxy.corp:3128")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("HTTPS_PROXY: an https:// proxy URL is not supported")
                .hasMessageEndingWith("; give http://[user:password@]host:port")
                .hasMessageNotContaining("t0p-Secret");
        assertThat(Redactor.global().scrub("t0p-Secret")).isEqualTo(Redactor.MASK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "socks5://proxy.corp:1080        | only http:// proxies are supported",
        "http://                         | no host",
        "http://:3128                    | no host",
        "http://proxy.corp:0             | the port is not a number from 1 to 65535",
        "http://proxy.corp:65536         | the port is not a number from 1 to 65535",
        "http://proxy.corp:31a8          | the port is not a number from 1 to 65535",
        "http://proxy.corp:              | the port is not a number from 1 to 65535",
        "http://proxy.corp:3128/path     | a path, query or fragment after the host",
        "http://proxy.corp:3128?x=1      | a path, query or fragment after the host",
        "http://[::1:3128                | an IPv6 address without its closing ]",
        "http://[::1]3128                | something other than :port after the IPv6 address",
        "http://[proxy]:3128             | not an IPv6 address in the brackets",
        "http://pro xy:3128              | a host name with characters no host name has",
        "http://u:bad%zzEscape@proxy:1   | a % in the user or password not followed by two hex digits",
        "http://:0nlyPassword@proxy:1    | credentials without a user name",
    })
    void malformedProxyUrlsAreBadInputNamingTheVariableActuallyUsed(String value, String problem) {
        Map<String, String> env = new HashMap<>();
        env.put("https_proxy", value);

        assertThatThrownBy(() -> ProxyRoute.from(env))
                .isInstanceOf(UsageException.class)
                .hasMessage("https_proxy: is not a proxy URL the engine can use (" + problem
                        + "); give http://[user:password@]host:port");
    }

    @Test
    void aMalformedUrlNeverEchoesItsPassword() {
        assertThatThrownBy(() -> HttpProxy.parse("HTTP_PROXY", "http://u:Leaky-Pass%zz@proxy:1/x"))
                .hasMessageNotContaining("Leaky-Pass");
        assertThat(Redactor.global().scrub("Leaky-Pass%zz")).isEqualTo(Redactor.MASK);
    }

    // ---- NO_PROXY --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        // entry,              target URL,                        direct?
        "example.com,          https://example.com/v2/,           true",
        "example.com,          https://registry.example.com/v2/,  true",
        "example.com,          https://a.b.example.com:8443/v2/,  true",
        "example.com,          https://notexample.com/v2/,        false",
        "example.com,          https://example.com.evil.org/v2/,  false",
        ".example.com,         https://example.com/v2/,           true",
        ".example.com,         https://registry.example.com/v2/,  true",
        "*.example.com,        https://registry.example.com/v2/,  true",
        "example.com.,         https://example.com./v2/,          true",
        "Example.COM,          https://REGISTRY.example.com/v2/,  true",
        "registry.corp:5000,   https://registry.corp:5000/v2/,    true",
        "registry.corp:5000,   https://registry.corp/v2/,         false",
        "ghcr.io:443,          https://ghcr.io/v2/,               true",
        "ghcr.io:80,           https://ghcr.io/v2/,               false",
        "10.1.2.3,             https://10.1.2.3/v2/,              true",
        "10.1.2.3,             https://10.1.2.30/v2/,             false",
        "10.1.2.3,             https://10.1.2.3.nip.io/v2/,       false",
        "127.0.0.1:5000,       https://127.0.0.1:5000/v2/,        true",
        "127.0.0.1:5000,       https://127.0.0.1:5001/v2/,        false",
        "localhost,            https://127.0.0.1/v2/,             false",
        "127.0.0.1,            https://localhost/v2/,             false",
        "10.0.0.0/8,           https://10.255.1.1/v2/,            true",
        "10.0.0.0/8,           https://11.0.0.1/v2/,              false",
        "10.0.0.0/8,           https://ten.corp/v2/,              false",
        "192.168.1.128/25,     https://192.168.1.200/v2/,         true",
        "192.168.1.128/25,     https://192.168.1.100/v2/,         false",
        "0.0.0.0/0,            https://203.0.113.9/v2/,           true",
        "0.0.0.0/0,            https://[::1]/v2/,                 false",
        "::1,                  https://[::1]:5000/v2/,            true",
        "::1,                  https://[0:0:0:0:0:0:0:1]/v2/,     true",
        "[::1]:5000,           https://[::1]:5000/v2/,            true",
        "[::1]:5000,           https://[::1]:5001/v2/,            false",
        "fd00::/8,             https://[fd12:3456::1]/v2/,        true",
        "fd00::/8,             https://[fe80::1]/v2/,             false",
        "[fd00::]/8,           https://[fd12::1]/v2/,             true",
        "[fd00::/8]:5000,      https://[fd12::1]:5000/v2/,        true",
        "[fd00::/8]:5000,      https://[fd12::1]:443/v2/,         false",
        "2001:db8::/32,        https://10.0.0.1/v2/,              false",
        "*,                    https://ghcr.io/v2/,               true",
    })
    void noProxyEntries(String entry, String url, boolean direct) {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", entry));

        assertThat(route.proxyFor(URI.create(url)) == null).as(entry + " for " + url).isEqualTo(direct);
    }

    @Test
    void noProxyIsAListWithBlanksAndEmptyEntriesIgnored() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", " ,, internal.corp , ,10.0.0.0/8,"));

        assertThat(route.proxyFor(URI.create("https://registry.internal.corp/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("https://10.9.8.7/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("https://ghcr.io/v2/"))).isNotNull();
    }

    @Test
    void aStarAnywhereInTheListSendsEverythingDirect() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", PROXY, "HTTP_PROXY", PROXY, "NO_PROXY", "corp,*"));

        assertThat(route.proxyFor(URI.create("https://ghcr.io/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("http://registry.corp:5000/v2/"))).isNull();
    }

    @Test
    void noProxyAppliesToPlainHttpToo() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTP_PROXY", PROXY, "no_proxy", "registry.corp"));

        assertThat(route.proxyFor(URI.create("http://registry.corp:5000/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("http://other.corp:5000/v2/"))).isNotNull();
    }

    @Test
    void upperCaseNoProxyComesBeforeLowerCase() {
        ProxyRoute route = ProxyRoute.from(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "upper.corp",
                "no_proxy", "lower.corp"));

        assertThat(route.proxyFor(URI.create("https://upper.corp/v2/"))).isNull();
        assertThat(route.proxyFor(URI.create("https://lower.corp/v2/"))).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "registry.corp:99999  | the entry 'registry.corp:99999' has a port that is not a number from 1 to 65535",
        "registry.corp:       | the entry 'registry.corp:' has a port that is not a number from 1 to 65535",
        "10.0.0.0/33          | the entry '10.0.0.0/33' has a prefix length that is not 0 to 32",
        "fd00::/129           | the entry 'fd00::/129' has a prefix length that is not 0 to 128",
        "10.0.x.0/8           | the entry '10.0.x.0/8' has no IP address before the /",
        "[::1                 | the entry '[::1' has no closing ]",
        "[::1]x               | the entry '[::1]x' has something other than :port after the ]",
    })
    void aBrokenNoProxyEntryIsBadInputNamingIt(String entry, String problem) {
        Map<String, String> env = Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "ok.corp," + entry);

        assertThatThrownBy(() -> ProxyRoute.from(env))
                .isInstanceOf(UsageException.class)
                .hasMessage("NO_PROXY: " + problem + "; give host names, IP addresses or CIDR blocks (10.0.0.0/8), "
                        + "each optionally with :port, separated by commas");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
