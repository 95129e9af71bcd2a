package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/** promote and digest, run as the packaged jar against a real registry (plain http, anonymous). */
class PromoteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryServer registry;
    private static String host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.start();
        host = registry.host();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void promotesAnOciIndexWithOneManifestGetAndOnePutAndNoBlobRequests() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 2, "linux/amd64", "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/api:build1");

        Result r = promote("--source", host + "/team/api@" + digest, "--tag", "staging",
                "--require-platform", "linux/arm64", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode image = JSON.readTree(r.stdout()).get("images").get(0);
        assertThat(image.get("source").asText()).isEqualTo(host + "/team/api@" + digest);
        assertThat(image.get("target").asText()).isEqualTo(host + "/team/api:staging");
        assertThat(image.get("digest").asText()).isEqualTo(digest);
        assertThat(image.get("previousDigest").isNull()).isTrue();
        assertThat(image.get("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(image.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/amd64", "linux/arm64");
        // GET by digest, HEAD the tag (previous digest), PUT, verifying HEAD: no blob traffic at all.
        assertThat(JSON.readTree(r.stdout()).get("requests").asInt()).isEqualTo(4);
        assertThat(OciImages.registryDigest(host + "/team/api:staging")).isEqualTo(digest);
    }

    @Test
    void promotingToATagThatAlreadyHasTheDigestWritesNothing() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/idem:build1");
        assertThat(promote("--source", host + "/team/idem@" + digest, "--tag", "staging").exitCode()).isZero();

        Result again = promote("--source", host + "/team/idem@" + digest, "--tag", "staging", "--json");

        assertThat(again.exitCode()).as(again.all()).isZero();
        JsonNode out = JSON.readTree(again.stdout());
        assertThat(out.get("images").get(0).get("previousDigest").asText()).isEqualTo(digest);
        assertThat(out.get("images").get(0).get("changed").asBoolean()).isFalse();
        assertThat(out.get("requests").asInt()).as("GET + HEAD, no PUT").isEqualTo(2);
        assertThat(again.stderr()).contains("nothing to do");
    }

    @Test
    void movesAnExistingTagAndReportsThePreviousDigest() throws Exception {
        Path v1 = OciImages.single(tmp.resolve("v1"), 2, "linux/arm64");
        Path v2 = OciImages.single(tmp.resolve("v2"), 2, "linux/arm64");
        OciImages.push(v1, host + "/team/single:v1");
        OciImages.push(v2, host + "/team/single:v2");
        assertThat(promote("--source", host + "/team/single:v1", "--tag", "prod").exitCode()).isZero();

        Result r = promote("--source", host + "/team/single:v2", "--tag", "prod", "--require-platform",
                "linux/arm64", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode image = JSON.readTree(r.stdout()).get("images").get(0);
        assertThat(image.get("digest").asText()).isEqualTo(OciImages.topDigest(v2));
        assertThat(image.get("previousDigest").asText()).isEqualTo(OciImages.topDigest(v1));
        assertThat(image.get("mediaType").asText()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(image.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/arm64");
        assertThat(OciImages.registryDigest(host + "/team/single:prod")).isEqualTo(OciImages.topDigest(v2));
    }

    @Test
    void promotesADockerV2ManifestListWithItsOwnMediaType() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 2, "linux/amd64", "linux/arm64");
        OciImages.pushAsDockerV2(layout, host + "/team/dockerlist:build1");
        String digest = OciImages.registryDigest(host + "/team/dockerlist:build1");

        Result r = promote("--source", host + "/team/dockerlist@" + digest, "--tag", "staging", "--json",
                "--require-platform", "linux/amd64");

        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode image = JSON.readTree(r.stdout()).get("images").get(0);
        assertThat(image.get("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(OciImages.registryDigest(host + "/team/dockerlist:staging")).isEqualTo(digest);
    }

    @Test
    void crossRepositoryPromoteMountsBlobsAndPutsChildrenBeforeTheIndex() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 3, "linux/amd64", "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/build-cache:abc");

        Result r = promote("--source", host + "/team/build-cache@" + digest, "--tag", "1.0.0",
                "--target-repo", host + "/team/release", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(JSON.readTree(r.stdout()).get("images").get(0).get("target").asText())
                .isEqualTo(host + "/team/release:1.0.0");
        assertThat(OciImages.registryDigest(host + "/team/release:1.0.0")).isEqualTo(digest);
        for (String child : OciImages.childDigests(layout)) {
            assertThat(OciImages.registryDigest(host + "/team/release@" + child)).isEqualTo(child);
            for (String blob : OciImages.layerDigests(layout, child)) {
                assertThat(status("HEAD", "/v2/team/release/blobs/" + blob)).as(blob).isEqualTo(200);
            }
        }
        // The copy can be pulled whole from the new repository.
        Path pulled = tmp.resolve("pulled");
        io.inventiv.pipeline.testsupport.Processes.run(List.of("skopeo", "copy", "--quiet", "--all",
                "--src-tls-verify=false", "docker://" + host + "/team/release:1.0.0", "oci:" + pulled + ":x"));
        assertThat(Files.list(pulled.resolve("blobs/sha256")).count()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void aMissingPlatformFailsBeforeAnyWrite() {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/amd64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/amd64only:build1");

        Result r = promote("--source", host + "/team/amd64only@" + digest, "--tag", "staging",
                "--require-platform", "linux/arm64");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("lacks platform linux/arm64").contains("linux/amd64");
        assertThat(OciImages.exists(host + "/team/amd64only:staging")).isFalse();
    }

    @Test
    void aSingleManifestForAnotherArchitectureFailsThePlatformCheck() {
        Path layout = OciImages.single(tmp.resolve("img"), 1, "linux/amd64");
        OciImages.push(layout, host + "/team/amd64single:build1");

        Result r = promote("--source", host + "/team/amd64single:build1", "--tag", "staging",
                "--require-platform", "linux/arm64");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("lacks platform linux/arm64 (it has [linux/amd64])");
        assertThat(OciImages.exists(host + "/team/amd64single:staging")).isFalse();
    }

    @Test
    void anUnknownDigestFailsWithExitOneAndNamesIt() {
        Path layout = OciImages.single(tmp.resolve("img"), 1, "linux/arm64");
        OciImages.push(layout, host + "/team/known:build1");
        String unknown = "sha256:" + "0".repeat(64);

        Result r = promote("--source", host + "/team/known@" + unknown, "--tag", "staging");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("no such digest").contains(unknown);
        assertThat(OciImages.exists(host + "/team/known:staging")).isFalse();
    }

    @Test
    void aReleaseSetPutsBackTheTagsItMovedWhenTheThirdWriteFails() throws Exception {
        String[] names = {"set/api", "set/worker", "set/frontend"};
        String[] oldDigests = new String[3];
        String[] newDigests = new String[3];
        for (int i = 0; i < 3; i++) {
            Path old = OciImages.single(tmp.resolve("old" + i), 1, "linux/arm64");
            Path neu = OciImages.single(tmp.resolve("new" + i), 2, "linux/arm64");
            OciImages.push(old, host + "/" + names[i] + ":staging");
            OciImages.push(neu, host + "/" + names[i] + ":build2");
            oldDigests[i] = OciImages.topDigest(old);
            newDigests[i] = OciImages.topDigest(neu);
        }
        // A real failure for the third write: the registry refuses a manifest whose layer the
        // repository no longer holds (MANIFEST_BLOB_UNKNOWN).
        String layer = OciImages.layerDigests(tmp.resolve("new2"), newDigests[2]).get(1);
        assertThat(status("DELETE", "/v2/" + names[2] + "/blobs/" + layer)).isEqualTo(202);

        Result r = promote("--source", host + "/" + names[0] + "@" + newDigests[0],
                "--source", host + "/" + names[1] + "@" + newDigests[1],
                "--source", host + "/" + names[2] + "@" + newDigests[2], "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        // Progress lines of the two moves (and their put-back), then the one error line.
        assertThat(r.stderr().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("promote: promote ");
        String error = JSON.readTree(r.stdout()).get("error").asText();
        assertThat(error).contains("MANIFEST_BLOB_UNKNOWN")
                .contains("put back: " + host + "/set/worker:staging@" + oldDigests[1].substring(7, 19))
                .contains(host + "/set/api:staging@" + oldDigests[0].substring(7, 19))
                .doesNotContain("COULD NOT");
        for (int i = 0; i < 3; i++) {
            assertThat(OciImages.registryDigest(host + "/" + names[i] + ":staging")).as(names[i]).isEqualTo(oldDigests[i]);
        }
    }

    @Test
    void aTagThatDidNotExistBeforeIsNamedAsNotPutBack() throws Exception {
        Path a = OciImages.single(tmp.resolve("a"), 1, "linux/arm64");
        Path b = OciImages.single(tmp.resolve("b"), 2, "linux/arm64");
        OciImages.push(a, host + "/set2/a:build");
        OciImages.push(b, host + "/set2/b:build");
        String layer = OciImages.layerDigests(b, OciImages.topDigest(b)).get(0);
        assertThat(status("DELETE", "/v2/set2/b/blobs/" + layer)).isEqualTo(202);

        Result r = promote("--source", host + "/set2/a:build", "--source", host + "/set2/b:build", "--tag", "qa");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("COULD NOT put back: " + host + "/set2/a:qa (it did not exist before");
    }

    @Test
    void digestResolvesATagLikeSkopeoDoes() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/amd64", "linux/arm64");
        OciImages.push(layout, host + "/team/dig:1.2.3");

        Result r = EngineProcess.run(null, null, "digest", host + "/team/dig:1.2.3", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(JSON.readTree(r.stdout()).get("digest").asText())
                .isEqualTo(OciImages.registryDigest(host + "/team/dig:1.2.3"));
        Result plain = EngineProcess.run(null, null, "digest", host + "/team/dig:1.2.3");
        assertThat(plain.stdout().strip()).isEqualTo(OciImages.topDigest(layout));
        Result missing = EngineProcess.run(null, null, "digest", host + "/team/dig:nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no such tag");
    }

    private static Result promote(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "promote";
        System.arraycopy(args, 0, argv, 1, args.length);
        return EngineProcess.run(null, null, argv);
    }

    private static int status(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(registry.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
