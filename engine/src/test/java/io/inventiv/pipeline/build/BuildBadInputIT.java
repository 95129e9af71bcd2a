package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * Bad input to build and push on the packaged jar: exit 2, one line naming the field and the
 * fix, no stack trace, and nothing run: the recording docker stand-in on PATH sees no call.
 */
class BuildBadInputIT {
    private static Path repo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void app() throws IOException {
        repo = Files.createTempDirectory("bad-input-app-");
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\n");
        Arm64ImageFixture.git(repo, "init", "-q", "-b", "main");
        Arm64ImageFixture.git(repo, "add", ".");
        Arm64ImageFixture.git(repo, "commit", "-q", "-m", "app");
    }

    @AfterAll
    static void cleanup() {
        Processes.deleteTree(repo);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("unknown platform", List.of("build", "--repository", "ghcr.io/o/app", "--platform", "linux/arm65"),
                        "--platform: unknown platform 'linux/arm65'"),
                Arguments.of("missing Dockerfile", List.of("build", "--repository", "ghcr.io/o/app", "--dockerfile", "nope.Dockerfile"),
                        "--dockerfile: file nope.Dockerfile does not exist"),
                Arguments.of("missing context", List.of("build", "--repository", "ghcr.io/o/app", "--context", "/nonexistent/ctx"),
                        "--context: directory /nonexistent/ctx does not exist"),
                Arguments.of("invalid tag", List.of("build", "--repository", "ghcr.io/o/app", "--extra-tag", "bad:tag"),
                        "--extra-tag: 'bad:tag' is not a valid tag"),
                Arguments.of("no repository", List.of("build", "--push"), "--repository: no image repository given"),
                Arguments.of("uppercase repository", List.of("build", "--repository", "ghcr.io/owner/App"),
                        "must be lowercase"),
                Arguments.of("repository with a tag", List.of("push", "--repository", "ghcr.io/o/app:latest"),
                        "--repository: 'ghcr.io/o/app:latest' names a tag or digest"),
                Arguments.of("unset build secret", List.of("build", "--repository", "ghcr.io/o/app", "--secret", "npm=NPM_TOKEN"),
                        "--secret npm: environment variable NPM_TOKEN is not set"),
                Arguments.of("several platforms loaded locally", List.of("build", "--repository", "ghcr.io/o/app",
                        "--platform", "linux/arm64,linux/amd64"), "--platform: several platforms cannot be loaded"),
                Arguments.of("image set file missing", List.of("build", "--images", "images.yaml", "--repository-prefix",
                        "ghcr.io/o/agents"), "--images: file images.yaml does not exist"),
                Arguments.of("malformed commit", List.of("push", "--repository", "ghcr.io/o/app", "--commit", "HEAD~1"),
                        "--commit: 'HEAD~1' is not a full commit id"),
                Arguments.of("unknown buildx driver", List.of("build", "--repository", "ghcr.io/o/app", "--buildx-driver",
                        "kubernetes"), "--buildx-driver: 'kubernetes' is not a buildx driver"),
                Arguments.of("several platforms on the docker driver", List.of("build", "--push", "--repository",
                        "ghcr.io/o/app", "--platform", "linux/arm64,linux/amd64", "--buildx-driver", "docker"),
                        "--platform: the docker driver builds one platform at a time"),
                Arguments.of("attestations on the docker driver", List.of("build", "--push", "--repository",
                        "ghcr.io/o/app", "--sbom", "--buildx-driver", "docker"),
                        "--sbom: the docker driver attaches no attestations"),
                Arguments.of("a buildx driver for the BuildKit fallback", List.of("build", "--repository", "ghcr.io/o/app",
                        "--backend", "buildkit", "--buildx-driver", "docker"),
                        "--buildx-driver: applies only to buildx"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsExitTwoOnOneLineAndRunsNothing(String what, List<String> args, String message) throws IOException {
        RecordingDockerStandIn docker = RecordingDockerStandIn.install(Files.createDirectories(tmp.resolve("standin")));
        Path tempRoot = Files.createDirectories(tmp.resolve("tmp"));
        Map<String, String> env = new HashMap<>(docker.env());
        env.put("TMPDIR", tempRoot.toString());
        env.put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
        env.put("REGISTRY_USERNAME", "ci-bot");
        env.put("REGISTRY_PASSWORD", "pw-never-used");
        for (String v : List.of("GIT_COMMIT", "CHANGE_ID", "TAG_NAME", "BRANCH_NAME", "SOURCE_DATE_EPOCH", "IMAGE_REPO",
                "NPM_TOKEN")) {
            env.put(v, "");
        }
        List<String> argv = new ArrayList<>(args);
        argv.add("--json");
        EngineProcess.Result r = EngineProcess.run(env, null, repo, argv.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stdout()).contains("\"exitCode\":2");
        assertThat(docker.calls()).as("docker was never called").isEmpty();
        try (Stream<Path> left = Files.list(tempRoot)) {
            assertThat(left).as("nothing written").isEmpty();
        }
        assertThat(tmp.resolve("docker-config")).doesNotExist();
    }
}
