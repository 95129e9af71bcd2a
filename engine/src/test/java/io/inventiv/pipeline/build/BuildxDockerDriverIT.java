package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.Buildx;
import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * Real buildx (trixie's plugin, Buildx fixture) against the test dockerd and a TLS + basic-auth
 * registry. The docker-container builder cannot start here (moby/buildkit is on Docker Hub), so
 * {@code auto} falls back to the docker driver: {@code docker buildx build --push --metadata-file}
 * builds the FROM scratch linux/arm64 image with its RUN step under QEMU, and the digest buildx
 * wrote to the metadata file is compared with the registry's, read back with skopeo.
 */
class BuildxDockerDriverIT {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static Path trustDir;
    private static Path work;
    private static Path repo;
    private static Path auth;
    private static String commit;

    @BeforeAll
    static void startServices() throws IOException {
        Buildx.plugin();
        DockerDaemon.shared();
        registry = RegistryServer.startTls(USER, PASSWORD);
        trustDir = Arm64ImageFixture.trustRegistry(registry);
        work = Files.createTempDirectory("buildx-it-");
        repo = Arm64ImageFixture.checkout(work.resolve("app"));
        commit = Arm64ImageFixture.git(repo, "rev-parse", "HEAD");
        auth = Arm64ImageFixture.authFile(work, registry, USER, PASSWORD);
    }

    @AfterAll
    static void stopServices() {
        if (registry != null) {
            registry.close();
        }
        Processes.deleteTree(trustDir);
        Processes.deleteTree(work);
    }

    @Test
    void mainBuildFallsBackToTheDockerDriverPushesArm64AndReportsTheMetadataDigestTheRegistryHolds(
            @TempDir Path tmp) throws Exception {
        String image = registry.host() + "/inventiv/buildx-api";
        EngineProcess.Result r = EngineProcess.run(env(tmp, true), null, repo, "build", "--json", "--push",
                "--repository", image, "--context", repo.toString(), "--platform", "linux/arm64", "--network", "none",
                "--secret", "token=BUILD_TOKEN");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode out = JSON.readTree(r.stdout());
        assertThat(out.get("builder").asText()).isEqualTo("buildx");
        assertThat(out.get("buildxBuilder").asText()).isEqualTo("default");
        assertThat(out.get("driver").asText()).isEqualTo("docker");
        assertThat(out.get("notes")).extracting(JsonNode::asText).satisfiesExactly(
                n -> assertThat(n).startsWith("the docker-container builder inventiv cannot start (")
                        .endsWith("): built with the docker driver"),
                n -> assertThat(n).contains("registry cache not written").contains("--cache-to type=registry"));
        // buildx itself said which instance and driver built it.
        assertThat(r.stderr()).contains("building with \"default\" instance using docker driver");

        JsonNode img = out.get("images").get(0);
        String digest = img.get("digest").asText();
        assertThat(img.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/arm64");
        assertThat(r.stderr()).as("the digest came from buildx's --metadata-file")
                .contains("buildx metadata of buildx-api: containerimage.digest " + digest);
        String sha12 = commit.substring(0, 12);
        String raw = Arm64ImageFixture.skopeo(auth, "inspect", "--raw", "docker://" + image + ":" + sha12);
        assertThat(sha256(raw)).as("the registry's digest of :" + sha12).isEqualTo(digest);
        JsonNode config = JSON.readTree(Arm64ImageFixture.skopeo(auth, "inspect", "--config", "--raw",
                "docker://" + image + "@" + digest));
        assertThat(config.get("os").asText() + "/" + config.get("architecture").asText()).isEqualTo("linux/arm64");
        assertThat(config.get("config").get("Labels").get("org.opencontainers.image.revision").asText())
                .isEqualTo(commit);
        // The engine reads the same label back (the tag flow takes :prod's revision this way).
        EngineProcess.Result labels = EngineProcess.run(Map.of("REGISTRY_USERNAME", USER, "REGISTRY_PASSWORD", PASSWORD),
                null, repo, "digest", "--labels", "--json", "--ca-file", registry.caCert().toString(), image + ":" + sha12);
        assertThat(labels.exitCode()).as(labels.all()).isZero();
        JsonNode read = JSON.readTree(labels.stdout());
        assertThat(read.get("digest").asText()).isEqualTo(digest);
        assertThat(read.get("revision").asText()).isEqualTo(commit);
        assertThat(read.get("labels").get("org.opencontainers.image.version").asText()).isEqualTo(sha12);

        String arch = Processes.run(List.of("/usr/bin/docker", "-H", DockerDaemon.shared().host(), "run", "--rm",
                "--network", "none", "--platform", "linux/arm64", image + "@" + digest, "/bin/busybox", "cat", "/arch"));
        assertThat(arch.strip()).as("the RUN step ran under QEMU").isEqualTo("aarch64");
        assertThat(r.all()).doesNotContain(PASSWORD);
        try (var left = Files.list(tmp.resolve("tmp"))) {
            assertThat(left).as("temporary DOCKER_CONFIG and metadata removed").isEmpty();
        }
    }

    @Test
    void askingForTheDockerContainerDriverFailsWithWhyAndPushesNothing(@TempDir Path tmp) throws Exception {
        String image = registry.host() + "/inventiv/buildx-container";
        EngineProcess.Result r = EngineProcess.run(env(tmp, true), null, repo, "build", "--json", "--push",
                "--repository", image, "--context", repo.toString(), "--buildx-driver", "docker-container");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r.stderr())).startsWith("build: start the buildx builder inventiv (docker-container driver): ")
                .contains("moby/buildkit").endsWith("or use --buildx-driver docker");
        assertThat(JSON.readTree(r.stdout()).get("exitCode").asInt()).isEqualTo(1);
        assertThat(tagsOf(image)).as("nothing pushed").isEmpty();
    }

    @Test
    void severalPlatformsOnTheDockerDriverAreRefusedBeforeAnyBuild(@TempDir Path tmp) throws Exception {
        String image = registry.host() + "/inventiv/buildx-multi";
        EngineProcess.Result r = EngineProcess.run(env(tmp, false), null, repo, "build", "--push", "--repository", image,
                "--context", repo.toString(), "--platform", "linux/arm64,linux/amd64", "--network", "none",
                "--secret", "token=BUILD_TOKEN");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(lastLine(r.stderr())).contains("--platform").contains("docker-container buildx driver")
                .contains("build one platform");
        assertThat(r.stderr()).doesNotContain("#1 [internal] load build definition");
        assertThat(tagsOf(image)).as("nothing pushed").isEmpty();
    }

    @Test
    void severalPlatformsWithoutTheBuildxPluginAreBadInputAndNothingIsBuilt(@TempDir Path tmp) throws Exception {
        Map<String, String> env = new HashMap<>(env(tmp, false));
        env.put("DOCKER_CONFIG", Files.createDirectories(tmp.resolve("no-plugins")).toString());
        EngineProcess.Result r = EngineProcess.run(env, null, repo, "build", "--push", "--repository",
                registry.host() + "/inventiv/no-buildx", "--platform", "linux/arm64,linux/amd64");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("--platform").contains("install docker-buildx-plugin");
    }

    @Test
    void everyImageOfASetIsBuiltFromItsStageWithTheSameTags(@TempDir Path tmp) throws Exception {
        // Two stages of one Dockerfile: the set's worker names its target, the api takes the last stage.
        Files.writeString(repo.resolve("set.Dockerfile"), """
                FROM scratch AS base
                COPY bin/busybox /bin/busybox
                FROM base AS worker
                RUN ["/bin/busybox", "sh", "-c", "echo worker > /stage"]
                FROM base AS api
                RUN ["/bin/busybox", "sh", "-c", "echo api > /stage"]
                """);
        Path set = tmp.resolve("images.yaml");
        Path dockerfile = repo.resolve("set.Dockerfile");
        Files.writeString(set, "images:\n  - name: api\n    context: " + repo + "\n    dockerfile: " + dockerfile + "\n"
                + "  - name: worker\n    context: " + repo + "\n    dockerfile: " + dockerfile + "\n    target: worker\n");
        String prefix = registry.host() + "/inventiv/set";
        // An untracked Dockerfile leaves the tree clean: the tags are the commit's.
        EngineProcess.Result r = EngineProcess.run(env(tmp, false), null, repo, "build", "--json", "--push",
                "--images", set.toString(), "--repository-prefix", prefix, "--network", "none", "--extra-tag", "edge");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode images = JSON.readTree(r.stdout()).get("images");
        assertThat(images).extracting(i -> i.get("image").asText()).containsExactly(prefix + "-api", prefix + "-worker");
        String sha12 = commit.substring(0, 12);
        for (JsonNode img : images) {
            String name = img.get("name").asText();
            String image = img.get("image").asText();
            assertThat(img.get("tags")).extracting(JsonNode::asText).containsExactly(sha12, "edge");
            for (String tag : List.of(sha12, "edge")) {
                String raw = Arm64ImageFixture.skopeo(auth, "inspect", "--raw", "docker://" + image + ":" + tag);
                assertThat(sha256(raw)).as(image + ":" + tag).isEqualTo(img.get("digest").asText());
            }
            String stage = Processes.run(List.of("/usr/bin/docker", "-H", DockerDaemon.shared().host(), "run", "--rm",
                    "--network", "none", "--platform", "linux/arm64", image + "@" + img.get("digest").asText(),
                    "/bin/busybox", "cat", "/stage"));
            assertThat(stage.strip()).as("the stage " + name + " was built from").isEqualTo(name);
        }
    }

    @Test
    void anEngineAbortedMidBuildStillRemovesItsTemporaryLogin(@TempDir Path tmp) throws Exception {
        // A RUN step that outlasts the test: the abort comes while buildx is building.
        Path slow = Files.createDirectories(tmp.resolve("slow"));
        Files.createDirectories(slow.resolve("bin"));
        Files.copy(repo.resolve("bin/busybox"), slow.resolve("bin/busybox"));
        Files.writeString(slow.resolve("Dockerfile"), "FROM scratch\nCOPY bin/busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"sleep\", \"300\"]\n");
        Map<String, String> env = env(tmp, false);
        Path log = tmp.resolve("engine.log");
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseSerialGC", "-jar", EngineProcess.jar().toString(),
                "build", "--push", "--repository", registry.host() + "/inventiv/aborted", "--context", slow.toString(),
                "--network", "none").directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process engine = pb.start();
        List<ProcessHandle> children = new java.util.ArrayList<>();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("RUN [\"/bin/busybox\", \"sleep\"") && engine.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).as("buildx is running the RUN step").contains("using docker driver")
                    .contains("RUN [\"/bin/busybox\", \"sleep\"");
            Path tempRoot = Path.of(env.get("TMPDIR"));
            try (var during = Files.list(tempRoot)) {
                assertThat(during.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("docker-config-"));
            }
            children.addAll(engine.descendants().toList());
            engine.destroy(); // SIGTERM, what a Jenkins abort sends
            assertThat(engine.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            try (var after = Files.list(tempRoot)) {
                assertThat(after.map(p -> p.getFileName().toString())).as("the login is gone")
                        .noneMatch(n -> n.startsWith("docker-config-"));
            }
        } finally {
            Processes.stop(engine);
            children.forEach(ProcessHandle::destroyForcibly); // the buildx client ends the daemon's build
        }
    }

    private static Map<String, String> env(Path tmp, boolean mainBranch) throws IOException {
        Map<String, String> env = new HashMap<>(DockerDaemon.shared().env());
        env.put("DOCKER_CONFIG", Buildx.dockerConfig(Files.createDirectories(tmp.resolve("docker-config"))).toString());
        env.put("TMPDIR", Files.createDirectories(tmp.resolve("tmp")).toString());
        env.put("INVENTIV_DOCKER", "/usr/bin/docker");
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", PASSWORD);
        env.put("BUILD_TOKEN", "build-secret-" + UUID.randomUUID());
        // A CI run of this test must not take the outer build's identity.
        for (String v : List.of("GIT_COMMIT", "CHANGE_ID", "ghprbPullId", "GITHUB_PR_NUMBER", "TAG_NAME",
                "BRANCH_NAME", "GIT_BRANCH", "SOURCE_DATE_EPOCH", "GIT_URL", "IMAGE_REPO")) {
            env.put(v, "");
        }
        env.put("BRANCH_NAME", mainBranch ? "main" : "feature-x");
        return env;
    }

    /** The repository's tags, read with skopeo; empty when the repository does not exist. */
    private static List<String> tagsOf(String image) {
        try {
            JsonNode tags = JSON.readTree(Arm64ImageFixture.skopeo(auth, "list-tags", "docker://" + image)).get("Tags");
            return tags == null ? List.of() : java.util.stream.StreamSupport.stream(tags.spliterator(), false)
                    .map(JsonNode::asText).toList();
        } catch (IllegalStateException notFound) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static String sha256(String manifest) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(h);
    }
}
