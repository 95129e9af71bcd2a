package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;

class TokenRealmsTest {
    /** A few rules of the Public Suffix List, in its own syntax (comments, wildcards, exceptions). */
    private static final PublicSuffixes LIST = PublicSuffixes.parse(List.of("// ===BEGIN ICANN DOMAINS===",
            "com", "io", "uk", "co.uk", "*.ck", "!www.ck", "", "// private", "github.io", "azurecr.io"));
    private final TokenRealms realms = new TokenRealms(Set.of("auth.example.net"), LIST);

    @Test
    void theRegistrysOwnHostAndDomainMayReceiveTheCredentials() {
        for (String[] ok : new String[][] {{"ghcr.io", "https://ghcr.io/token"},
                {"registry.gitlab.com", "https://gitlab.com/jwt/auth"}, {"docker.io", "https://auth.docker.io/token"},
                {"registry.example.co.uk:5000", "https://auth.example.co.uk/token"},
                {"127.0.0.1:5000", "http://127.0.0.1:5001/token"}, {"quay.io", "https://quay.io/v2/auth"},
                {"registry.example.com", "https://auth.example.net/token"}}) {
            assertThatCode(() -> realms.check(ok[0], ok[1], "promote")).as(ok[0] + " " + ok[1]).doesNotThrowAnyException();
        }
    }

    @Test
    void aRealmOffTheRegistrysDomainIsRefusedWithTheWayToAllowIt() {
        for (String[] bad : new String[][] {{"ghcr.io", "https://evil.example.com/token"},
                {"owner.github.io", "https://other.github.io/token"}, {"a.azurecr.io", "https://b.azurecr.io/oauth2/token"},
                {"example.co.uk", "https://attacker.co.uk/token"}, {"127.0.0.1:5000", "http://localhost:5000/token"},
                {"registry.example.com", "https://example.com.evil.io/token"}, {"a.foo.ck", "https://b.foo.ck/t"}}) {
            assertThatThrownBy(() -> realms.check(bad[0], bad[1], "promote")).as(bad[0] + " " + bad[1])
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("off the registry's domain; the credentials are not sent there")
                    .hasMessageContaining("INVENTIV_ALLOWED_TOKEN_REALMS=" + java.net.URI.create(bad[1]).getHost());
        }
    }

    @Test
    void aRealmThatIsNoHttpUrlIsRefused() {
        for (String realm : new String[] {"/token", "ftp://ghcr.io/token", "ghcr.io/token", "https:///token"}) {
            assertThatThrownBy(() -> realms.check("ghcr.io", realm, "digest")).as(realm)
                    .isInstanceOf(EngineException.class).hasMessageContaining("not an http(s) URL");
        }
    }

    @Test
    void theAllowedListNamesHostsOnly() {
        assertThatCode(() -> TokenRealms.from(Map.of(TokenRealms.ALLOWED_VAR, " Auth.Example.com, ,[::1]")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TokenRealms.from(Map.of(TokenRealms.ALLOWED_VAR, "https://auth.example.com")))
                .isInstanceOf(UsageException.class)
                .hasMessage("INVENTIV_ALLOWED_TOKEN_REALMS: 'https://auth.example.com' is not a host name; list the "
                        + "token servers' host names separated by commas, e.g. auth.example.com");
    }

    @Test
    void registrableDomainsFollowTheListsRules() {
        assertThat(LIST.registrableDomain("a.b.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(LIST.registrableDomain("x.y.foo.ck")).isEqualTo("y.foo.ck");
        assertThat(LIST.registrableDomain("a.www.ck")).isEqualTo("www.ck");
        assertThat(LIST.registrableDomain("github.io")).isNull();
        assertThat(LIST.registrableDomain("10.0.0.1")).isNull();
        assertThat(PublicSuffixes.parse(List.of()).registrableDomain("a.b.example.org")).isEqualTo("example.org");
    }
}
