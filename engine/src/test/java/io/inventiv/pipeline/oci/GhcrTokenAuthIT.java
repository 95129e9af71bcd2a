package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.GhcrStyleTokenProxy;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * The bearer-token flow GHCR uses, against a real registry behind {@link GhcrStyleTokenProxy}
 * (a test double of GHCR's token service and blob CDN, which cannot be reached from here).
 */
class GhcrTokenAuthIT {
    private static final String USER = "octo";
    private static final String PASSWORD = "ghp_TestToken0123456789";
    private static final Map<String, String> CREDS = Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", PASSWORD);
    private static RegistryServer registry;
    private GhcrStyleTokenProxy ghcr;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @AfterEach
    void closeProxy() {
        if (ghcr != null) {
            ghcr.close();
        }
    }

    private String pushIndex(String repoTag) {
        Path layout = OciImages.index(tmp.resolve("img-" + repoTag.replaceAll("[^a-z0-9]", "")), 2, "linux/amd64",
                "linux/arm64");
        OciImages.push(layout, registry.host() + "/" + repoTag);
        return OciImages.topDigest(layout);
    }

    @Test
    void promotesWithOneTokenThatCarriesPushForTheTargetRepository() throws Exception {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        String digest = pushIndex("owner/api:abc123");

        Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/api@" + digest,
                "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(ghcr.tokenRequests()).containsExactly("repository:owner/api:pull,push");
        assertThat(ghcr.violations()).isEmpty();
        // The GET of the source and the HEAD of the tag go out together and both meet the
        // challenge; one token serves both: the count is the same whichever answer comes first.
        assertThat(new ObjectMapper().readTree(r.stdout()).get("requests").asInt())
                .as("GET 401 + HEAD 401, token, GET, HEAD, PUT, HEAD").isEqualTo(7);
        assertThat(r.all()).doesNotContain(PASSWORD);
        assertThat(OciImages.registryDigest(registry.host() + "/owner/api:staging")).isEqualTo(digest);
    }

    @Test
    void aRegistryNamingARealmOffItsDomainNeverGetsTheCredentialsSentThere() {
        // "localhost" is not the registry's host (127.0.0.1): a realm the registry chose, on another name.
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        ghcr.realm("http://localhost:" + ghcr.host().substring(ghcr.host().lastIndexOf(':') + 1) + "/token");
        String digest = pushIndex("owner/harvest:abc123");

        Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/harvest@" + digest,
                "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr().strip()).doesNotContain("\n").contains("names the token realm http://localhost:")
                .contains("off the registry's domain; the credentials are not sent there")
                .contains("INVENTIV_ALLOWED_TOKEN_REALMS=localhost");
        assertThat(ghcr.tokenEndpointHits()).as("requests the realm received").isZero();
        assertThat(r.all()).doesNotContain(PASSWORD);
        assertThat(OciImages.exists(registry.host() + "/owner/harvest:staging")).isFalse();
    }

    @Test
    void aRealmTheUserAllowsGetsTheCredentials() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        ghcr.realm("http://localhost:" + ghcr.host().substring(ghcr.host().lastIndexOf(':') + 1) + "/token");
        String digest = pushIndex("owner/allowed:abc123");
        Map<String, String> env = new java.util.HashMap<>(CREDS);
        env.put("INVENTIV_ALLOWED_TOKEN_REALMS", "auth.example.com, LOCALHOST");

        Result r = EngineProcess.run(env, null, "promote", "--source", ghcr.host() + "/owner/allowed@" + digest,
                "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(ghcr.tokenRequests()).containsExactly("repository:owner/allowed:pull,push");
        assertThat(OciImages.registryDigest(registry.host() + "/owner/allowed:staging")).isEqualTo(digest);
    }

    @Test
    void theRequestCountDoesNotDependOnWhichOfTheTwoFirstAnswersComesFirst() throws Exception {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        String digest = pushIndex("owner/count:abc123");

        for (int run = 1; run <= 5; run++) {
            Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/count@" + digest,
                    "--tag", "t" + run, "--json");

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(new ObjectMapper().readTree(r.stdout()).get("requests").asInt()).as("run " + run).isEqualTo(7);
        }
        assertThat(ghcr.tokenRequests()).hasSize(5);
    }

    @Test
    void aRepeatedChallengeIsAnsweredWithTheBasicCredentialsNeverTheOldToken() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD).expireTokensAfter(1);
        String digest = pushIndex("owner/expiring:abc123");

        Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/expiring@" + digest,
                "--tag", "staging");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(ghcr.tokenRequests()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(ghcr.violations()).isEmpty();
        assertThat(OciImages.registryDigest(registry.host() + "/owner/expiring:staging")).isEqualTo(digest);
    }

    @Test
    void aCrossRepositoryMountAsksForTheSourcePullScopeToo() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        String digest = pushIndex("owner/build-cache:abc123");

        Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/build-cache@" + digest,
                "--tag", "v1.0.0", "--target-repo", ghcr.host() + "/owner/release");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(ghcr.tokenRequests()).anySatisfy(scopes -> assertThat(scopes)
                .contains("repository:owner/build-cache:pull").contains("repository:owner/release:pull,push"));
        assertThat(ghcr.violations()).isEmpty();
        assertThat(OciImages.registryDigest(registry.host() + "/owner/release:v1.0.0")).isEqualTo(digest);
    }

    @Test
    void theTokenDoubleRefusesAMountWithoutTheSourcePullScope() throws Exception {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        pushIndex("owner/src:abc123");
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String tokenJson = http.send(HttpRequest.newBuilder(URI.create(ghcr.baseUrl()
                + "/token?service=test-registry&scope=repository:owner/dst:pull,push")).header("Authorization", basic)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = new ObjectMapper().readTree(tokenJson).get("token").asText();

        HttpResponse<String> mount = http.send(HttpRequest.newBuilder(URI.create(ghcr.baseUrl()
                + "/v2/owner/dst/blobs/uploads/?mount=sha256:" + "a".repeat(64) + "&from=owner/src"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(mount.statusCode()).isEqualTo(401);
        assertThat(mount.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
    }

    @Test
    void blobsAreStreamedFromARedirectWithoutTheRegistryAuthorization() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD).refuseMounts().redirectBlobsToCdn();
        Path layout = OciImages.single(tmp.resolve("single"), 3, "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, registry.host() + "/owner/private-src:abc123");

        Result r = EngineProcess.run(CREDS, null, "promote", "--source", ghcr.host() + "/owner/private-src@" + digest,
                "--tag", "v2", "--target-repo", ghcr.host() + "/owner/public", "--require-platform", "linux/arm64");

        assertThat(r.exitCode()).as(r.all()).isZero();
        // config for the platform check, then config + 3 layers streamed after the refused mounts
        assertThat(ghcr.cdnRequests()).isEqualTo(5);
        assertThat(ghcr.violations()).isEmpty();
        assertThat(OciImages.registryDigest(registry.host() + "/owner/public:v2")).isEqualTo(digest);
    }

    @Test
    void wrongCredentialsAreRefusedByTheTokenServiceAndNotPrinted() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        String digest = pushIndex("owner/denied:abc123");
        String wrong = "ghp_WrongToken9876543210";

        Result r = EngineProcess.run(Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", wrong), null,
                "promote", "--source", ghcr.host() + "/owner/denied@" + digest, "--tag", "staging");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("refused the credentials of user 'octo'");
        assertThat(r.all()).doesNotContain(wrong);
        assertThat(OciImages.exists(registry.host() + "/owner/denied:staging")).isFalse();
    }

    @Test
    void noCredentialsForATokenRegistryIsBadInput() {
        ghcr = new GhcrStyleTokenProxy(registry.baseUrl(), USER, PASSWORD);
        String digest = pushIndex("owner/anon:abc123");

        Result r = EngineProcess.run(null, null, "promote", "--source", ghcr.host() + "/owner/anon@" + digest,
                "--tag", "staging");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("REGISTRY_USERNAME");
    }
}
