package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueFormatTest {

    @ParameterizedTest(name = "{0} accepts [{1}]")
    @CsvSource(delimiter = '|', value = {
        "host|staging.example.com",
        "host|vm-1",
        "host|10.0.0.5",
        "host|255.255.255.255",
        "host|::1",
        "host|2001:db8::10",
        "host|XN--BCHER-KVA.example",
        "port|1",
        "port|22",
        "port|65535",
        "domain|example.com",
        "domain|api.staging.example.co.uk",
        "domain|xn--bcher-kva.example",
        "email|ops@example.com",
        "email|first.last+acme@mail.example.org",
        "path|/srv/secrets",
        "path|/opt/inventiv-agents/secrets_v2",
        "user|ubuntu",
        "user|deploy_user-2",
        "owner|Inventiv-Org",
        "image-repo|ghcr.io/inventiv/inventiv-agents",
        "image-repo|127.0.0.1:5000/app",
        "image-repo|localhost/a/b__c",
        "host-key|ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
        "host-key|ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=",
    })
    void accepts(String format, String value) {
        assertThat(ValueFormat.fromYaml(format).check(value)).isNull();
    }

    @ParameterizedTest(name = "{0} refuses [{1}]")
    @CsvSource(delimiter = '|', value = {
        "host|''",
        "host|staging example.com",
        "host|host;rm -rf /",
        "host|$(touch /tmp/pwned)",
        "host|-leading.example.com",
        "host|10.0.0.300",
        "host|exa_mple.com",
        "host|user@host",
        "host|:::",
        "port|0",
        "port|65536",
        "port|022",
        "port|'22 '",
        "port|-1",
        "port|ssh",
        "domain|localhost",
        "domain|example",
        "domain|10.0.0.5",
        "domain|exa mple.com",
        "domain|example.com/",
        "domain|*.example.com",
        "email|ops",
        "email|ops@",
        "email|@example.com",
        "email|ops@example",
        "email|ops@@example.com",
        "email|o ps@example.com",
        "email|.ops@example.com",
        "path|relative/dir",
        "path|/srv/../etc",
        "path|/srv/my secrets",
        "path|/srv/$(id)",
        "user|Ubuntu",
        "user|root;id",
        "user|''",
        "owner|my org",
        "owner|org/name",
        "image-repo|ghcr.io/Inventiv/app",
        "image-repo|ghcr.io/o/app:latest",
        "image-repo|ghcr.io/o/app@sha256:abc",
        "image-repo|ghcr.io/o/-app",
        "host-key|[127.0.0.1]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
        "host-key|ssh-dss AAAAB3NzaC1kc3M=",
        "host-key|ssh-ed25519",
    })
    void refuses(String format, String value) {
        assertThat(ValueFormat.fromYaml(format).check(value)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"host", "port", "domain", "path", "user", "owner", "image-repo"})
    void theFormatsAllowedInRemoteCommandsAreShellSafe(String format) {
        assertThat(ValueFormat.fromYaml(format).shellSafe()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"text", "email"})
    void freeTextFormatsAreNotShellSafe(String format) {
        assertThat(ValueFormat.fromYaml(format).shellSafe()).isFalse();
    }
}
