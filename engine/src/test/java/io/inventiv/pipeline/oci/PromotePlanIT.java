package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

/**
 * promote --plan against a real registry: where each tag points and where it would point,
 * after the checks a promote makes, with the registry's storage unchanged (no tag moved, no
 * manifest or blob written); the promote that follows does what the plan said.
 */
class PromotePlanIT {
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
    void aPlanNamesEachTagsCurrentAndNextDigestWritesNothingAndThePromoteThenDoesThat() throws Exception {
        Path v1 = OciImages.single(tmp.resolve("v1"), 2, "linux/arm64");
        Path v2 = OciImages.single(tmp.resolve("v2"), 2, "linux/arm64");
        Path other = OciImages.index(tmp.resolve("other"), 2, "linux/amd64", "linux/arm64");
        OciImages.push(v1, host + "/plan/api:v1");
        OciImages.push(v2, host + "/plan/api:v2");
        OciImages.push(other, host + "/plan/worker:build");
        assertThat(promote("--source", host + "/plan/api:v1", "--tag", "prod").exitCode()).isZero();
        String worker = OciImages.topDigest(other);

        Map<String, String> before = storage();
        Result plan = promote("--plan", "--source", host + "/plan/api:v2", "--source", host + "/plan/worker@" + worker,
                "--tag", "prod", "--require-platform", "linux/arm64", "--json");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(storage()).as("the registry's storage after the plan").isEqualTo(before);
        assertThat(OciImages.registryDigest(host + "/plan/api:prod")).isEqualTo(OciImages.topDigest(v1));
        assertThat(status("HEAD", "/v2/plan/worker/manifests/prod")).isEqualTo(404);
        JsonNode out = JSON.readTree(plan.stdout());
        assertThat(out.get("plan").asBoolean()).isTrue();
        JsonNode api = out.get("images").get(0);
        assertThat(api.get("target").asText()).isEqualTo(host + "/plan/api:prod");
        assertThat(api.get("previousDigest").asText()).isEqualTo(OciImages.topDigest(v1));
        assertThat(api.get("digest").asText()).isEqualTo(OciImages.topDigest(v2));
        assertThat(api.get("changed").asBoolean()).isTrue();
        JsonNode w = out.get("images").get(1);
        assertThat(w.get("previousDigest").isNull()).isTrue();
        assertThat(w.get("digest").asText()).isEqualTo(worker);
        assertThat(w.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/amd64", "linux/arm64");
        assertThat(plan.stderr()).contains("promote plan (nothing was changed)")
                .contains(host + "/plan/api:prod: " + OciImages.topDigest(v1) + " -> " + OciImages.topDigest(v2))
                .contains(host + "/plan/worker:prod: no such tag yet -> " + worker);

        Result real = promote("--source", host + "/plan/api:v2", "--source", host + "/plan/worker@" + worker,
                "--tag", "prod", "--require-platform", "linux/arm64", "--json");
        assertThat(real.exitCode()).as(real.all()).isZero();
        assertThat(storage()).as("the storage shows the promote's writes, so it would show a plan's").isNotEqualTo(before);
        JsonNode done = JSON.readTree(real.stdout());
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("target", "digest", "previousDigest", "changed", "platforms", "mediaType")) {
                assertThat(done.at("/images/" + i + "/" + field)).as(field).isEqualTo(out.at("/images/" + i + "/" + field));
            }
        }
        assertThat(OciImages.registryDigest(host + "/plan/api:prod")).isEqualTo(OciImages.topDigest(v2));
        assertThat(OciImages.registryDigest(host + "/plan/worker:prod")).isEqualTo(worker);

        Result again = promote("--plan", "--source", host + "/plan/api:v2", "--tag", "prod");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains(host + "/plan/api:prod: " + OciImages.topDigest(v2) + " (unchanged)");
    }

    @Test
    void aCrossRepositoryPlanMountsNoBlobAndCreatesNoTag() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 2, "linux/amd64", "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/plan/cache:abc");

        Map<String, String> before = storage();
        Result r = promote("--plan", "--source", host + "/plan/cache@" + digest, "--tag", "1.0.0",
                "--target-repo", host + "/plan/release", "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(storage()).isEqualTo(before);
        assertThat(JSON.readTree(r.stdout()).at("/images/0/target").asText()).isEqualTo(host + "/plan/release:1.0.0");
        assertThat(status("HEAD", "/v2/plan/release/manifests/1.0.0")).isEqualTo(404);
        for (String child : OciImages.childDigests(layout)) {
            for (String blob : OciImages.layerDigests(layout, child)) {
                assertThat(status("HEAD", "/v2/plan/release/blobs/" + blob)).as(blob).isEqualTo(404);
            }
        }
    }

    @Test
    void aPlanFailsAsThePromoteWouldOnAMissingPlatformOrDigestAndMovesNothing() throws Exception {
        Path amd = OciImages.index(tmp.resolve("amd"), 1, "linux/amd64");
        String digest = OciImages.topDigest(amd);
        OciImages.push(amd, host + "/plan/amd64only:build1");
        Map<String, String> before = storage();

        Result platform = promote("--plan", "--source", host + "/plan/amd64only@" + digest, "--tag", "staging",
                "--require-platform", "linux/arm64");
        assertThat(platform.exitCode()).isEqualTo(1);
        assertThat(platform.stderr()).contains("lacks platform linux/arm64");

        String unknown = "sha256:" + "0".repeat(64);
        Result missing = promote("--plan", "--source", host + "/plan/amd64only@" + unknown, "--tag", "staging", "--json");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no such digest");
        assertThat(missing.stdout()).contains("\"exitCode\":1");

        Result bad = promote("--plan", "--source", host + "/plan/amd64only@" + digest, "--tag", "bad tag!");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--tag");

        assertThat(storage()).isEqualTo(before);
        assertThat(status("HEAD", "/v2/plan/amd64only/manifests/staging")).isEqualTo(404);
    }

    private static Result promote(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "promote";
        System.arraycopy(args, 0, argv, 1, args.length);
        return EngineProcess.run(null, null, argv);
    }

    /** Every file of the registry's storage with its size, time and content hash: a write changes it. */
    private static Map<String, String> storage() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(registry.storage())) {
            for (Path p : walk.toList()) {
                String hash = Files.isRegularFile(p) ? HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "dir";
                out.put(p.toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " " + hash);
            }
        }
        return out;
    }

    private static int status(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(registry.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
