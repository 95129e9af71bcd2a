package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/** A real registry with TLS (self-signed CA) and htpasswd basic auth. */
class PromoteTlsIT {
    private static final String USER = "ci";
    private static final String PASSWORD = "tls-Secret-4711";
    private static RegistryServer registry;
    private static String host;
    private static String digest;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startTls(USER, PASSWORD);
        host = registry.host();
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/amd64", "linux/arm64");
        digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/api:build1", "--dest-creds", USER + ":" + PASSWORD);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void promotesOverTlsWithBasicAuthFromTheEnvironmentAndTheCaFile() {
        Result r = EngineProcess.run(Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", PASSWORD), null,
                "promote", "--source", host + "/team/api@" + digest, "--tag", "staging",
                "--ca-file", registry.caCert().toString(), "--require-platform", "linux/arm64", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain(PASSWORD);
        assertThat(OciImages.registryDigest(host + "/team/api:staging", "--creds", USER + ":" + PASSWORD))
                .isEqualTo(digest);
    }

    @Test
    void credentialsComeFromDockerConfigToo() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("docker-config"));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");

        Result r = EngineProcess.run(Map.of("DOCKER_CONFIG", config.toString()), null, "digest",
                host + "/team/api:build1", "--ca-file", registry.caCert().toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(digest);
        assertThat(r.all()).doesNotContain(PASSWORD).doesNotContain(auth);
    }

    @Test
    void anUntrustedCertificateFailsAndPointsAtCaFile() {
        Result r = EngineProcess.run(Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", PASSWORD), null,
                "digest", host + "/team/api:build1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("not trusted").contains("--ca-file");
    }

    @Test
    void missingCredentialsForARegistryThatDemandsThemIsBadInput() {
        Result r = EngineProcess.run(null, null, "promote", "--source", host + "/team/api@" + digest,
                "--tag", "nocreds", "--ca-file", registry.caCert().toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("REGISTRY_USERNAME").contains("demands credentials");
        assertThat(OciImages.exists(host + "/team/api:nocreds", "--creds", USER + ":" + PASSWORD)).isFalse();
    }

    @Test
    void aWrongPasswordFailsWithoutPrintingIt() {
        String wrong = "not-the-Password-99";
        Result r = EngineProcess.run(Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", wrong), null,
                "promote", "--source", host + "/team/api@" + digest, "--tag", "wrongpw",
                "--ca-file", registry.caCert().toString(), "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("refused the credentials of user 'ci'");
        assertThat(r.all()).doesNotContain(wrong);
        assertThat(OciImages.exists(host + "/team/api:wrongpw", "--creds", USER + ":" + PASSWORD)).isFalse();
    }
}
