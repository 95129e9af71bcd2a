package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * The buildx docker-container driver, through a RECORDING STAND-IN for docker: that builder runs
 * moby/buildkit from Docker Hub, which this machine cannot reach, so builder reuse, two platforms
 * in one build and the registry cache export are only recorded here and compared as argv lists
 * (real buildx with the docker driver is BuildxDockerDriverIT's). The stand-in also injects what
 * real buildx cannot be made to do (a reported digest the registry lacks, a wrong-architecture
 * config). What buildx would have pushed is put in a real registry beforehand with
 * skopeo, so push verification runs for real.
 */
class BuildxStandInIT {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static Path repo;
    private static String commit;

    @TempDir
    Path tmp;
    private RecordingDockerStandIn docker;
    private Path persistentConfig;
    private Path tempRoot;

    @BeforeAll
    static void start() throws IOException {
        registry = RegistryServer.start();
        repo = Files.createTempDirectory("buildx-standin-app-");
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
        Arm64ImageFixture.git(repo, "init", "-q", "-b", "main");
        Arm64ImageFixture.git(repo, "add", ".");
        Arm64ImageFixture.git(repo, "commit", "-q", "-m", "app");
        commit = Arm64ImageFixture.git(repo, "rev-parse", "HEAD");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        Processes.deleteTree(repo);
    }

    @BeforeEach
    void standIn() throws IOException {
        docker = RecordingDockerStandIn.install(Files.createDirectories(tmp.resolve("standin")));
        persistentConfig = Files.createDirectories(tmp.resolve("docker-config"));
        tempRoot = Files.createDirectories(tmp.resolve("tmp"));
    }

    @Test
    void aBranchBuildCreatesTheNamedBuilderOnceReadsButNeverWritesTheCacheAndLoadsLocally() throws IOException {
        Map<String, String> env = env(Map.of("BRANCH_NAME", "feature-x"));
        EngineProcess.Result first = EngineProcess.run(env, null, repo, "build", "--json", "--repository",
                "ghcr.io/o/inventiv-agents-api", "--build-arg", "RUST_LOG=info");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        JsonNode out = JSON.readTree(first.stdout());
        assertThat(out.get("builder").asText()).isEqualTo("buildx");
        assertThat(out.get("images").get(0).get("digest").isNull()).isTrue();
        assertThat(docker.commands()).containsExactly("buildx version", "buildx inspect", "buildx create",
                "buildx inspect", "buildx build");
        assertThat(docker.calls().get(3).args()).containsExactly("buildx", "inspect", "inventiv", "--bootstrap");
        assertThat(out.get("buildxBuilder").asText()).isEqualTo("inventiv");
        assertThat(out.get("driver").asText()).isEqualTo("docker-container");
        assertThat(out.get("notes")).isEmpty();
        RecordingDockerStandIn.Call build = docker.calls().get(4);
        String sha12 = commit.substring(0, 12);
        String created = java.time.Instant.ofEpochSecond(Long.parseLong(
                Arm64ImageFixture.git(repo, "show", "-s", "--format=%ct", commit))).toString();
        assertThat(withoutMetadataPath(build.args())).containsExactly("buildx", "build", "--builder", "inventiv",
                "--platform", "linux/arm64", "--file", repo.resolve("Dockerfile").toRealPath().toString(),
                "--tag", "ghcr.io/o/inventiv-agents-api:" + sha12,
                "--label", "org.opencontainers.image.revision=" + commit,
                "--label", "org.opencontainers.image.created=" + created,
                "--label", "org.opencontainers.image.version=" + sha12,
                "--build-arg", "RUST_LOG=info",
                "--cache-from", "type=registry,ref=ghcr.io/o/inventiv-agents-api:buildcache",
                "--provenance=false", "--sbom=false", "--metadata-file", "METADATA", "--load", "--progress=plain",
                repo.toRealPath().toString());
        assertThat(build.facts().get("config")).isEqualTo(persistentConfig.toString());

        EngineProcess.Result second = EngineProcess.run(env, null, repo, "build", "--json", "--repository",
                "ghcr.io/o/inventiv-agents-api");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(docker.commands()).as("the builder is reused, not recreated")
                .containsExactly("buildx version", "buildx inspect", "buildx create", "buildx inspect", "buildx build",
                        "buildx version", "buildx inspect", "buildx inspect", "buildx build");
    }

    @Test
    void onMainItLogsInThroughStdinPushesBothPlatformsWritesTheCacheAndVerifiesTheRegistry() throws IOException {
        String image = registry.host() + "/o/inventiv-agents-api";
        String sha12 = commit.substring(0, 12);
        String index = seed(image, List.of(sha12, "edge"), List.of(OciLayoutFixture.Entry.of("linux", "arm64"),
                OciLayoutFixture.Entry.of("linux", "amd64")));
        docker.reportDigest(index);
        Path plugin = Files.createDirectories(persistentConfig.resolve("cli-plugins")).resolve("docker-buildx");
        Files.writeString(plugin, "the agent's buildx plugin");

        EngineProcess.Result r = EngineProcess.run(env(Map.of("BRANCH_NAME", "main")), null, repo, "build", "--json",
                "--push", "--repository", image, "--platform", "linux/arm64,linux/amd64", "--extra-tag", "edge",
                "--insecure-registry", registry.host());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode img = JSON.readTree(r.stdout()).get("images").get(0);
        assertThat(img.get("digest").asText()).isEqualTo(index);
        assertThat(img.get("tags")).extracting(JsonNode::asText).containsExactly(sha12, "edge");
        assertThat(img.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/arm64", "linux/amd64");

        List<RecordingDockerStandIn.Call> calls = docker.calls();
        assertThat(docker.commands()).containsExactly("buildx version", "login --username", "buildx inspect",
                "buildx create", "buildx inspect", "buildx build");
        RecordingDockerStandIn.Call login = calls.get(1);
        assertThat(login.args()).containsExactly("login", "--username", "ci-bot", "--password-stdin", registry.host());
        assertThat(login.facts().get("stdin-bytes")).isEqualTo(String.valueOf(PASSWORD.length()));
        assertThat(login.facts().get("config-mode")).as("temporary DOCKER_CONFIG is 0700").isEqualTo("700");
        assertThat(calls.get(4).facts().get("config")).as("the builder starts with the login's DOCKER_CONFIG")
                .isEqualTo(calls.get(5).facts().get("config"));
        RecordingDockerStandIn.Call build = calls.get(5);
        assertThat(build.args()).containsSequence("--platform", "linux/arm64,linux/amd64")
                .containsSequence("--cache-to", "type=registry,ref=" + image + ":buildcache,mode=max")
                .contains("--push").doesNotContain("--load");
        Path loginConfig = Path.of(build.facts().get("config"));
        assertThat(loginConfig.getParent()).as("a temporary DOCKER_CONFIG").isEqualTo(tempRoot);
        assertThat(loginConfig).as("removed after the build").doesNotExist();
        assertThat(build.facts().get("buildx-link")).isEqualTo(persistentConfig.resolve("buildx").toString());
        assertThat(build.facts().get("cli-plugins-link")).isEqualTo(persistentConfig.resolve("cli-plugins").toString());
        assertThat(build.facts().get("config-mode")).isEqualTo("700");
        assertThat(plugin).as("removing the temporary config leaves the linked plugins alone")
                .hasContent("the agent's buildx plugin");
        assertThat(build.facts().get("source-date-epoch"))
                .isEqualTo(Arm64ImageFixture.git(repo, "show", "-s", "--format=%ct", commit));
        assertThat(docker.rawLog()).doesNotContain(PASSWORD);
        assertThat(r.all()).doesNotContain(PASSWORD);
        try (Stream<Path> left = Files.list(tempRoot)) {
            assertThat(left).as("temporary files removed").isEmpty();
        }
    }

    @Test
    void aTagThatDoesNotResolveToTheBuiltDigestFailsWithExitOneNamingTagAndDigest() throws IOException {
        String image = registry.host() + "/o/mismatch";
        String sha12 = commit.substring(0, 12);
        String actual = seed(image, List.of(sha12), List.of(OciLayoutFixture.Entry.of("linux", "arm64")));
        String reported = "sha256:" + "ab".repeat(32);
        docker.reportDigest(reported);
        EngineProcess.Result r = EngineProcess.run(env(Map.of()), null, repo, "build", "--push", "--repository", image,
                "--insecure-registry", registry.host());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r.stderr())).contains(image + ":" + sha12).contains(actual).contains(reported);
    }

    @Test
    void anIndexEntryWhoseConfigIsAnotherArchitectureFailsVerification() throws IOException {
        String image = registry.host() + "/o/wrong-arch";
        String sha12 = commit.substring(0, 12);
        // What an emulation mix-up looks like: the index says arm64, the image inside is amd64.
        String index = seed(image, List.of(sha12), List.of(new OciLayoutFixture.Entry("linux", "arm64", "amd64")));
        docker.reportDigest(index);
        EngineProcess.Result r = EngineProcess.run(env(Map.of()), null, repo, "build", "--push", "--repository", image,
                "--insecure-registry", registry.host());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r.stderr())).contains("linux/arm64").contains(image + "@" + index)
                .contains("config for linux/amd64");
    }

    @Test
    void skipExistingBuildsTheWholeSetWhenOneImageLacksARequestedPlatformAndNothingWhenAllHaveThem()
            throws IOException {
        String prefix = registry.host() + "/o/skip";
        String sha12 = commit.substring(0, 12);
        Files.writeString(tmp.resolve("images.yaml"), "images:\n  - name: api\n    context: " + repo
                + "\n  - name: worker\n    context: " + repo + "\n");
        List<OciLayoutFixture.Entry> both = List.of(OciLayoutFixture.Entry.of("linux", "arm64"),
                OciLayoutFixture.Entry.of("linux", "amd64"));
        String api = seed(prefix + "-api", List.of(sha12), both);
        seed(prefix + "-worker", List.of(sha12), List.of(OciLayoutFixture.Entry.of("linux", "arm64")));
        List<String> argv = List.of("build", "--json", "--push", "--skip-existing", "--images",
                tmp.resolve("images.yaml").toString(), "--repository-prefix", prefix, "--platform", "linux/arm64,linux/amd64",
                "--insecure-registry", registry.host());
        docker.reportDigest(api);

        EngineProcess.Result partial = EngineProcess.run(env(Map.of()), null, repo, argv.toArray(String[]::new));

        // The worker lacks amd64, so the set is built (the stand-in reports the api digest for both,
        // and verification of the worker then fails: what matters here is that buildx was asked).
        assertThat(partial.stderr()).contains(prefix + "-worker:" + sha12 + " lacks linux/amd64: building the set");
        assertThat(docker.commands()).contains("buildx build");

        String worker = seed(prefix + "-worker", List.of(sha12), both);
        Files.writeString(tmp.resolve("standin/calls.log"), "");
        EngineProcess.Result all = EngineProcess.run(env(Map.of()), null, repo, argv.toArray(String[]::new));

        assertThat(all.exitCode()).as(all.stderr()).isZero();
        JsonNode out = JSON.readTree(all.stdout());
        assertThat(out.get("skipped").asBoolean()).isTrue();
        assertThat(out.get("images")).extracting(i -> i.get("digest").asText()).containsExactly(api, worker);
        assertThat(out.get("images").get(1).get("platforms")).extracting(JsonNode::asText)
                .containsExactly("linux/arm64", "linux/amd64");
        assertThat(docker.commands()).as("nothing built").doesNotContain("buildx build");
    }

    private String seed(String image, List<String> tags, List<OciLayoutFixture.Entry> entries) {
        Path layout = tmp.resolve("layout-" + UUID.randomUUID());
        String digest = OciLayoutFixture.write(layout, entries);
        for (String tag : tags) {
            OciLayoutFixture.push(layout, image + ":" + tag);
        }
        return digest;
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(docker.env());
        env.put("DOCKER_CONFIG", persistentConfig.toString());
        env.put("TMPDIR", tempRoot.toString());
        env.put("REGISTRY_USERNAME", "ci-bot");
        env.put("REGISTRY_PASSWORD", PASSWORD);
        for (String v : List.of("GIT_COMMIT", "CHANGE_ID", "ghprbPullId", "GITHUB_PR_NUMBER", "TAG_NAME",
                "BRANCH_NAME", "GIT_BRANCH", "SOURCE_DATE_EPOCH", "GIT_URL", "IMAGE_REPO")) {
            env.put(v, "");
        }
        if (!extra.containsKey("BRANCH_NAME")) {
            env.put("BRANCH_NAME", "main");
        }
        env.putAll(extra);
        return env;
    }

    private static List<String> withoutMetadataPath(List<String> args) {
        List<String> out = new ArrayList<>(args);
        int i = out.indexOf("--metadata-file");
        out.set(i + 1, "METADATA");
        return out;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
