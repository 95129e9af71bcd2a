package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/** The pieces of the registry client that need no registry: challenges, scopes, backoff, credentials, manifests. */
class RegistryClientPartsTest {

    @Test
    void parsesAGhcrBearerChallenge() {
        AuthChallenge c = AuthChallenge.parse(
                "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:o/r:pull,push\"");
        assertThat(c.isBearer()).isTrue();
        assertThat(c.realm()).isEqualTo("https://ghcr.io/token");
        assertThat(c.service()).isEqualTo("ghcr.io");
        assertThat(c.scope()).isEqualTo("repository:o/r:pull,push");
        assertThat(AuthChallenge.parse("Basic realm=\"registry\"").isBasic()).isTrue();
    }

    @Test
    void scopesMergePerRepositoryAndCoverSubsets() {
        Scopes s = Scopes.of(List.of("repository:a:pull")).add("repository:a:push repository:b:pull");
        assertThat(s.asList()).containsExactly("repository:a:pull,push", "repository:b:pull");
        assertThat(s.covers(Scopes.of(List.of("repository:a:pull")))).isTrue();
        assertThat(s.covers(Scopes.of(List.of("repository:b:push")))).isFalse();
    }

    @Test
    void backoffHonoursRetryAfterAndGrowsOtherwise() {
        assertThat(Backoff.after(1, "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Backoff.after(1, "3600")).isEqualTo(Backoff.MAX);
        assertThat(Backoff.after(1, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(Backoff.after(4, null)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
        assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void credentialsComeFromTheEnvironmentOrDockerConfigAndAreRedacted(@TempDir Path dir) throws Exception {
        Credentials env = Credentials.from(Map.of("REGISTRY_USERNAME", "u", "REGISTRY_PASSWORD", "pw-from-env-1"));
        assertThat(env.forHost("ghcr.io")).get().extracting(Credentials.Basic::username).isEqualTo("u");
        assertThat(Redactor.global().scrub("x pw-from-env-1 y")).isEqualTo("x **** y");

        String auth = Base64.getEncoder().encodeToString("bob:pw-from-config-2".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"https://ghcr.io\":{\"auth\":\"" + auth + "\"}}}");
        Credentials cfg = Credentials.from(Map.of("DOCKER_CONFIG", dir.toString()));
        assertThat(cfg.forHost("ghcr.io")).get().extracting(Credentials.Basic::password).isEqualTo("pw-from-config-2");
        assertThat(cfg.forHost("quay.io")).isEmpty();
        assertThat(Redactor.global().scrub(auth)).isEqualTo("****");

        assertThatThrownBy(() -> Credentials.from(Map.of("REGISTRY_USERNAME", "u")))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("REGISTRY_PASSWORD: is not set");
    }

    @Test
    void plainHttpOnlyForLoopbackAndNamedHosts() {
        RegistryClient c = new RegistryClient(new RegistryOptions(null, List.of("registry.internal:5000")),
                Credentials.none());
        assertThat(c.plainHttpAllowed("127.0.0.1:5000")).isTrue();
        assertThat(c.plainHttpAllowed("localhost:5000")).isTrue();
        assertThat(c.plainHttpAllowed("[::1]:5000")).isTrue();
        assertThat(c.plainHttpAllowed("registry.internal:5000")).isTrue();
        assertThat(c.plainHttpAllowed("ghcr.io")).isFalse();
        assertThat(c.plainHttpAllowed("10.0.0.1:5000")).isFalse();
    }

    @Test
    void manifestsKeepTheirBytesAndListPlatformsWithoutAttestations() {
        String d = "sha256:" + "a".repeat(64);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + d + "\",\"size\":1,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + d + "\",\"size\":1,"
                + "\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}").getBytes(StandardCharsets.UTF_8);
        Manifest m = Manifest.parse(index, MediaType.OCI_INDEX + "; charset=utf-8", "test");
        assertThat(m.isIndex()).isTrue();
        assertThat(m.bytes()).isSameAs(index);
        assertThat(m.digest()).isEqualTo(Digest.sha256(index));
        assertThat(m.indexPlatforms()).containsExactly(new Platform("linux", "arm64", "v8"));
        assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), null, "GET x"))
                .isInstanceOf(EngineException.class).hasMessageContaining("schema version 1");
    }

    @Test
    void registryErrorsNameTheCodeAndTheFix() {
        ImageRef repo = ImageRef.parse("ghcr.io/o/r");
        RegistryCall put = RegistryCall.putManifest(repo, "staging", new byte[0], MediaType.OCI_MANIFEST);
        String detail = RegistryErrors.describe(
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"permission_denied\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(detail).isEqualTo("DENIED (permission_denied)");
        assertThat(RegistryErrors.hint(put, 403, detail)).contains("write:packages");
        assertThat(put.action()).isEqualTo("PUT manifest ghcr.io/o/r:staging");
    }
}
