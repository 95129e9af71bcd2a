package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * The real BuildKit path: Debian's dockerd builds a FROM scratch linux/arm64 image whose RUN
 * step runs under QEMU, pushes it to a TLS + basic-auth registry with a temporary login, and
 * the registry is read back independently with skopeo. This is the fallback for an agent without
 * the buildx plugin (the DOCKER_CONFIG here has none); real buildx is BuildxDockerDriverIT's.
 */
class BuildkitPushIT {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String BUILD_SECRET = "build-secret-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static Path trustDir;
    private static Path work;
    private static Path repo;
    private static Path auth;
    private static String commit;

    @BeforeAll
    static void startServices() throws IOException {
        DockerDaemon.shared();
        registry = RegistryServer.startTls(USER, PASSWORD);
        trustDir = Arm64ImageFixture.trustRegistry(registry);
        work = Files.createTempDirectory("buildkit-it-");
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
    void buildsArm64UnderQemuPushesWithATemporaryLoginAndTheRegistryHoldsDigestTagsAndPlatform(@TempDir Path tmp)
            throws Exception {
        Map<String, String> env = env(tmp, Map.of("TAG_NAME", "v1.2.3"));
        String image = registry.host() + "/inventiv/agent-api";
        Sampled run = runSampling(env, "build", "--json", "--push", "--repository", image, "--context", repo.toString(),
                "--platform", "linux/arm64", "--network", "none", "--secret", "token=BUILD_TOKEN");

        assertThat(run.result.exitCode()).as(run.result.stderr()).isZero();
        JsonNode out = JSON.readTree(run.result.stdout());
        assertThat(out.get("builder").asText()).isEqualTo("buildkit");
        assertThat(out.get("skipped").asBoolean()).isFalse();
        JsonNode img = out.get("images").get(0);
        String digest = img.get("digest").asText();
        String sha12 = commit.substring(0, 12);
        assertThat(img.get("image").asText()).isEqualTo(image);
        assertThat(img.get("tags")).extracting(JsonNode::asText).containsExactly(sha12, "v1.2.3");
        assertThat(img.get("platforms")).extracting(JsonNode::asText).containsExactly("linux/arm64");

        // The registry, read back without the engine: each tag is exactly the reported digest.
        for (String tag : List.of(sha12, "v1.2.3")) {
            String raw = Arm64ImageFixture.skopeo(auth, "inspect", "--raw", "docker://" + image + ":" + tag);
            assertThat(sha256(raw)).as(tag).isEqualTo(digest);
        }
        JsonNode config = JSON.readTree(Arm64ImageFixture.skopeo(auth, "inspect", "--config", "--raw",
                "docker://" + image + "@" + digest));
        assertThat(config.get("architecture").asText()).isEqualTo("arm64");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        JsonNode labels = config.get("config").get("Labels");
        assertThat(labels.get("org.opencontainers.image.revision").asText()).isEqualTo(commit);
        assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo("v1.2.3");
        String commitTime = Arm64ImageFixture.git(repo, "show", "-s", "--format=%ct", commit);
        assertThat(labels.get("org.opencontainers.image.created").asText())
                .isEqualTo(java.time.Instant.ofEpochSecond(Long.parseLong(commitTime)).toString());
        assertThat(JSON.readTree(Arm64ImageFixture.skopeo(auth, "inspect", "docker://" + image + ":" + sha12))
                .get("RepoTags")).extracting(JsonNode::asText).contains(sha12, "v1.2.3");

        // The RUN step executed the arm64 busybox under QEMU: it wrote the machine it saw.
        String arch = Processes.run(List.of("/usr/bin/docker", "-H", DockerDaemon.shared().host(), "run", "--rm",
                "--network", "none", "--platform", "linux/arm64", image + ":" + sha12, "/bin/busybox", "cat", "/arch"));
        assertThat(arch.strip()).isEqualTo("aarch64");

        assertNoSecretLeft(run, tmp, config.toString());
    }

    @Test
    void pushesALocalBuildAndVerifiesItThenSkipsTheExistingImage(@TempDir Path tmp) throws Exception {
        Map<String, String> env = env(tmp, Map.of());
        String image = registry.host() + "/inventiv/agent-worker";
        EngineProcess.Result local = EngineProcess.run(env, null, repo, "build", "--json", "--repository", image,
                "--context", repo.toString(), "--network", "none", "--secret", "token=BUILD_TOKEN");
        assertThat(local.exitCode()).as(local.stderr()).isZero();
        assertThat(JSON.readTree(local.stdout()).get("images").get(0).get("digest").isNull()).isTrue();

        Sampled push = runSampling(env, "push", "--json", "--repository", image, "--context", repo.toString(),
                "--ca-file", registry.caCert().toString());
        assertThat(push.result.exitCode()).as(push.result.stderr()).isZero();
        JsonNode pushed = JSON.readTree(push.result.stdout());
        assertThat(pushed.get("verified").asBoolean()).isTrue();
        String digest = pushed.get("images").get(0).get("digest").asText();
        String sha12 = commit.substring(0, 12);
        assertThat(sha256(Arm64ImageFixture.skopeo(auth, "inspect", "--raw", "docker://" + image + ":" + sha12)))
                .isEqualTo(digest);
        assertNoSecretLeft(push, tmp, "");

        // Asking for a platform the image does not have is a verification failure, not a success.
        EngineProcess.Result amd64 = EngineProcess.run(env, null, repo, "push", "--repository", image,
                "--platform", "linux/amd64");
        assertThat(amd64.exitCode()).isEqualTo(1);
        List<String> lines = amd64.stderr().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).contains(image + "@" + digest).contains(sha12)
                .contains("lacks platform linux/amd64");

        EngineProcess.Result again = EngineProcess.run(env, null, repo, "build", "--json", "--push", "--skip-existing",
                "--repository", image, "--context", repo.toString(), "--network", "none", "--secret", "token=BUILD_TOKEN");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        JsonNode skipped = JSON.readTree(again.stdout());
        assertThat(skipped.get("skipped").asBoolean()).isTrue();
        assertThat(skipped.get("images").get(0).get("digest").asText()).isEqualTo(digest);
        assertThat(again.stderr()).doesNotContain("docker build").doesNotContain("#1 ");
    }

    @Test
    void aWrongPasswordFailsTheLoginWithExitOneAndLeavesNoCredentials(@TempDir Path tmp) throws Exception {
        Map<String, String> env = new HashMap<>(env(tmp, Map.of()));
        String wrong = "wrong-" + UUID.randomUUID();
        env.put("REGISTRY_PASSWORD", wrong);
        EngineProcess.Result r = EngineProcess.run(env, null, repo, "build", "--json", "--push", "--repository",
                registry.host() + "/inventiv/denied", "--context", repo.toString(), "--network", "none",
                "--secret", "token=BUILD_TOKEN");
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.stderr().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("build: log in to " + registry.host() + " as " + USER)
                .contains("401");
        assertThat(JSON.readTree(r.stdout()).get("exitCode").asInt()).isEqualTo(1);
        assertThat(r.all()).doesNotContain(wrong);
        assertThat(tempLeftovers(tmp)).isEmpty();
    }

    private Map<String, String> env(Path tmp, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(DockerDaemon.shared().env());
        Path persistent = Files.createDirectories(tmp.resolve("docker-config"));
        Path temp = Files.createDirectories(tmp.resolve("tmp"));
        env.put("DOCKER_CONFIG", persistent.toString());
        env.put("TMPDIR", temp.toString());
        env.put("INVENTIV_DOCKER", "/usr/bin/docker");
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", PASSWORD);
        env.put("BUILD_TOKEN", BUILD_SECRET);
        // A CI run of this test must not take the outer build's identity.
        for (String v : List.of("GIT_COMMIT", "CHANGE_ID", "ghprbPullId", "GITHUB_PR_NUMBER", "TAG_NAME",
                "BRANCH_NAME", "GIT_BRANCH", "SOURCE_DATE_EPOCH", "GIT_URL", "IMAGE_REPO")) {
            env.put(v, "");
        }
        env.putAll(extra);
        return env;
    }

    private record Sampled(EngineProcess.Result result, List<String> cmdlineHits, int samples) {
    }

    /** Runs the engine while sampling every process's argv for the password. */
    private static Sampled runSampling(Map<String, String> env, String... args) {
        AtomicBoolean done = new AtomicBoolean();
        List<String> hits = new ArrayList<>();
        int[] samples = {0};
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                hits.addAll(cmdlinesContaining(PASSWORD));
                hits.addAll(cmdlinesContaining(BUILD_SECRET));
                samples[0]++;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        EngineProcess.Result r;
        try {
            r = EngineProcess.run(env, null, repo, args);
        } finally {
            done.set(true);
            sampler.join();
        }
        return new Sampled(r, hits, samples[0]);
    }

    private static List<String> cmdlinesContaining(String secret) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(secret)) {
                        found.add(cmdline.replace('\0', ' '));
                    }
                } catch (IOException exited) {
                    // the process ended between list and read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static void assertNoSecretLeft(Sampled run, Path tmp, String imageConfig) throws IOException {
        assertThat(run.samples).as("argv samples taken during the run").isGreaterThan(10);
        assertThat(run.cmdlineHits).as("processes with a secret in argv").isEmpty();
        assertThat(run.result.all()).doesNotContain(PASSWORD).doesNotContain(BUILD_SECRET);
        assertThat(imageConfig).doesNotContain(BUILD_SECRET);
        assertThat(tempLeftovers(tmp)).as("temporary DOCKER_CONFIG removed").isEmpty();
        Path persistentConfig = tmp.resolve("docker-config/config.json");
        if (Files.exists(persistentConfig)) {
            assertThat(Files.readString(persistentConfig)).doesNotContain(registry.host());
        }
        // buildx's builder store is kept in the persistent config, not in the deleted one.
        assertThat(tmp.resolve("docker-config/buildx")).isDirectory();
    }

    private static List<Path> tempLeftovers(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("tmp"))) {
            return s.toList();
        }
    }

    private static String sha256(String manifest) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(h);
    }
}
