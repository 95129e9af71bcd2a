package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * {@code digest --labels} against a real registry: the labels and revision come from the config
 * blob (checked against what the image was made with), plain {@code digest} keeps its one request,
 * an image without labels has a null revision, an index's platforms must agree, and
 * {@code --allow-missing} turns an absent tag into a null digest (the tag flow's first release).
 */
class DigestLabelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "3f2a9c1d0b7e3f2a9c1d0b7e3f2a9c1d0b7e3f2a";
    private static final String OTHER = "0badc0de0badc0de0badc0de0badc0de0badc0de";
    private static RegistryServer registry;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static Map<String, String> labels(String revision) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("org.opencontainers.image.revision", revision);
        l.put("org.opencontainers.image.version", "v0.1.0");
        l.put("team", "agents");
        return l;
    }

    private static JsonNode json(Result r) throws Exception {
        assertThat(r.stdout().strip().lines()).as(r.all()).hasSize(1);
        return JSON.readTree(r.stdout());
    }

    @Test
    void theLabelsOfASingleImageComeFromItsConfigForOneRequestMoreThanThePlainDigest() throws Exception {
        String ref = registry.host() + "/labels/api:prod";
        OciImages.push(OciImages.single(tmp.resolve("single"), 1, "linux/arm64", labels(COMMIT)), ref);

        Result plain = EngineProcess.run(null, null, "digest", ref, "--json");
        assertThat(plain.exitCode()).as(plain.all()).isZero();
        JsonNode p = json(plain);
        assertThat(p.has("labels")).as("no labels unless asked").isFalse();
        assertThat(p.get("requests").asInt()).as("HEAD only").isEqualTo(1);

        Result r = EngineProcess.run(null, null, "digest", ref, "--labels", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode j = json(r);
        assertThat(j.get("digest").asText()).isEqualTo(OciImages.registryDigest(ref)).isEqualTo(p.get("digest").asText());
        assertThat(j.get("revision").asText()).isEqualTo(COMMIT);
        assertThat(JSON.convertValue(j.get("labels"), new TypeReference<Map<String, String>>() { })).isEqualTo(labels(COMMIT));
        assertThat(j.get("requests").asInt()).as("GET manifest (its bytes give the digest), GET config").isEqualTo(2);

        Result human = EngineProcess.run(null, null, "digest", ref, "--labels");
        assertThat(human.stdout().strip().lines()).containsExactly(p.get("digest").asText(),
                "org.opencontainers.image.revision=" + COMMIT, "org.opencontainers.image.version=v0.1.0", "team=agents");
    }

    @Test
    void anImageWithoutLabelsHasANullRevisionAndNoLabels() throws Exception {
        String ref = registry.host() + "/labels/bare:prod";
        OciImages.push(OciImages.single(tmp.resolve("bare"), 1, "linux/arm64"), ref);

        Result r = EngineProcess.run(null, null, "digest", ref, "--labels", "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode j = json(r);
        assertThat(j.get("revision").isNull()).isTrue();
        assertThat(j.get("labels").isObject() && j.get("labels").isEmpty()).as(j.toString()).isTrue();
        assertThat(j.get("digest").asText()).isEqualTo(OciImages.registryDigest(ref));
    }

    @Test
    void anIndexIsReadPlatformByPlatformAndItsPlatformsMustAgreeOnTheRevision() throws Exception {
        String ref = registry.host() + "/labels/multi:prod";
        Map<String, Map<String, String>> agree = new LinkedHashMap<>();
        agree.put("linux/amd64", labels(COMMIT));
        agree.put("linux/arm64", labels(COMMIT));
        OciImages.push(OciImages.index(tmp.resolve("agree"), 1, agree), ref);

        JsonNode all = json(EngineProcess.run(null, null, "digest", ref, "--labels", "--json"));
        assertThat(all.get("revision").asText()).isEqualTo(COMMIT);
        assertThat(all.get("digest").asText()).isEqualTo(OciImages.registryDigest(ref));
        assertThat(all.get("requests").asInt()).as("the index, then per platform its manifest and config").isEqualTo(5);
        JsonNode one = json(EngineProcess.run(null, null, "digest", ref, "--labels", "--platform", "linux/arm64", "--json"));
        assertThat(one.get("revision").asText()).isEqualTo(COMMIT);
        assertThat(one.get("requests").asInt()).isEqualTo(3);

        String split = registry.host() + "/labels/split:prod";
        Map<String, Map<String, String>> disagree = new LinkedHashMap<>();
        disagree.put("linux/amd64", labels(OTHER));
        disagree.put("linux/arm64", labels(COMMIT));
        OciImages.push(OciImages.index(tmp.resolve("disagree"), 1, disagree), split);
        Result r = EngineProcess.run(null, null, "digest", split, "--labels", "--json");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(json(r).get("error").asText()).isEqualTo("labels of " + split
                + ": its platforms disagree on org.opencontainers.image.revision (linux/amd64 " + OTHER + ", linux/arm64 "
                + COMMIT + "); a release is built from one commit: rebuild it, or ask for one platform with --platform");
        JsonNode arm = json(EngineProcess.run(null, null, "digest", split, "--labels", "--platform", "linux/arm64", "--json"));
        assertThat(arm.get("revision").asText()).isEqualTo(COMMIT);

        Result absent = EngineProcess.run(null, null, "digest", ref, "--labels", "--platform", "linux/riscv64", "--json");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(json(absent).get("error").asText()).isEqualTo("labels of " + ref
                + ": the index has no linux/riscv64 entry (it has [linux/amd64, linux/arm64])");
    }

    @Test
    void aMissingTagFailsUnlessAllowedThenItsDigestIsNull() throws Exception {
        String ref = registry.host() + "/labels/never:prod";
        Result failed = EngineProcess.run(null, null, "digest", ref, "--labels", "--json");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(json(failed).get("error").asText()).isEqualTo("digest " + ref + ": the registry has no such tag");

        for (String[] args : new String[][] {{"digest", ref, "--allow-missing", "--json"},
                {"digest", ref, "--labels", "--allow-missing", "--json"}}) {
            Result r = EngineProcess.run(null, null, args);
            assertThat(r.exitCode()).as(r.all()).isZero();
            JsonNode j = json(r);
            assertThat(j.get("digest").isNull()).as(j.toString()).isTrue();
            assertThat(j.get("reference").asText()).isEqualTo(ref);
        }
        Result human = EngineProcess.run(null, null, "digest", ref, "--allow-missing");
        assertThat(human.exitCode()).isZero();
        assertThat(human.stdout()).as("nothing on stdout: a script reads an empty digest").isEmpty();
    }

    @Test
    void aPlatformWithoutLabelsIsBadInputBeforeAnyRequest() throws Exception {
        Result r = EngineProcess.run(null, null, "digest", registry.host() + "/labels/api:prod", "--platform", "linux/arm64");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).contains("--platform").contains("add --labels");
    }
}
