package io.inventiv.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.UsageException;

class KnownSecretsTest {

    @Test
    void theRegistryPasswordAndItsDockerAuthFormAreMaskedButNotTheUserName() {
        Redactor r = new Redactor();
        KnownSecrets.register(Map.of("REGISTRY_USERNAME", "ci-bot", "REGISTRY_PASSWORD", "pw-Registry-1"), r);
        String auth = Base64.getEncoder().encodeToString("ci-bot:pw-Registry-1".getBytes(StandardCharsets.UTF_8));

        assertThat(r.scrub("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth + "\"}}}"))
                .isEqualTo("{\"auths\":{\"ghcr.io\":{\"auth\":\"****\"}}}");
        assertThat(r.scrub("login pw-Registry-1")).isEqualTo("login ****");
        assertThat(r.scrub("ghcr.io/ci-bot/app:ci-bot")).isEqualTo("ghcr.io/ci-bot/app:ci-bot");
    }

    @Test
    void everyVariableTheSecretListNamesIsMasked() {
        Redactor r = new Redactor();
        KnownSecrets.register(Map.of(KnownSecrets.SECRET_VARS, " DB_PASSWORD, ,API_TOKEN,UNSET_ONE",
                "DB_PASSWORD", "db-pass-123", "API_TOKEN", "tok-456-xyz"), r);

        assertThat(r.scrub("db-pass-123 tok-456-xyz")).isEqualTo("**** ****");
    }

    @Test
    void aSecretTooShortToMaskIsRefusedByNameBeforeAnyIsAdded() {
        Redactor r = new Redactor();
        assertThatThrownBy(() -> KnownSecrets.register(Map.of("REGISTRY_USERNAME", "u", "REGISTRY_PASSWORD", "abc"), r))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("REGISTRY_PASSWORD: is shorter than 4 characters");
        assertThatThrownBy(() -> KnownSecrets.register(Map.of("REGISTRY_PASSWORD", "long-enough",
                KnownSecrets.SECRET_VARS, "PIN", "PIN", "123"), r))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("PIN: is shorter than 4 characters");
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void aMalformedSecretListIsRefused() {
        assertThatThrownBy(() -> KnownSecrets.register(Map.of(KnownSecrets.SECRET_VARS, "A,$B"), new Redactor()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("INVENTIV_SECRET_VARS: '$B' is not an environment variable name");
    }
}
