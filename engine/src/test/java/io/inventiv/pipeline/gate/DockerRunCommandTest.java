package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.exec.Command;

/** The docker run of a check in an image, compared as argv lists. */
class DockerRunCommandTest {
    private static final Path WS = Path.of("/ws/app");
    private final DockerRunCommand docker = new DockerRunCommand("/usr/bin/docker", "0a1b2c3d", "1000:1001");

    private static CheckSpec check(Path dir, Map<String, String> env, List<String> argv) {
        return new CheckSpec("unit", argv, dir, env, Duration.ofMinutes(3), List.of(), "gate.yaml: checks[0]",
                new CheckImage("rust:1.80", WS));
    }

    private static final String HOME = "/ws/app@tmp/inventiv-gate-0a1b2c3d-unit";

    @Test
    void runsTheArgvInTheImageAtTheSamePathsAsTheEnginesUserWithEnvByNameOnly() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("RUST_BACKTRACE", "1");
        env.put("API_TOKEN", "t0ps3cret-value");
        Command c = docker.run(check(WS.resolve("agent"), env, List.of("cargo", "test", "--", "--nocapture")));

        assertThat(c.argv()).containsExactly("/usr/bin/docker", "run", "--rm", "--init", "--pull", "missing",
                "--name", "inventiv-gate-0a1b2c3d-unit", "--user", "1000:1001",
                "-v", "/ws/app:/ws/app", "-v", HOME + ":" + HOME, "-w", "/ws/app/agent", "-e", "HOME=" + HOME,
                "-e", "API_TOKEN", "-e", "RUST_BACKTRACE",
                "rust:1.80", "cargo", "test", "--", "--nocapture");
        assertThat(String.join(" ", c.argv())).doesNotContain("t0ps3cret-value");
        // The values reach the container through the docker client's environment.
        assertThat(c.env()).containsEntry("API_TOKEN", "t0ps3cret-value").containsEntry("RUST_BACKTRACE", "1");
        assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.workDir()).isEqualTo(WS.resolve("agent"));
    }

    @Test
    void passEnvVariablesGoInByNameWithEnvsNamesAndTheirValuesStayInTheEnginesEnvironment() {
        CheckSpec spec = new CheckSpec("unit", List.of("npm", "ci"), WS, Map.of("CI", "true"), Duration.ofMinutes(3),
                List.of(), "gate.yaml: checks[0]", new CheckImage("node:20", WS), List.of("NPM_TOKEN", "A_SETTING"));

        Command c = docker.run(spec);

        assertThat(c.argv()).containsSubsequence("-e", "HOME=" + HOME, "-e", "A_SETTING", "-e", "CI", "-e", "NPM_TOKEN",
                "node:20", "npm", "ci");
        // The client inherits the engine's environment, which holds them: nothing to copy, no value anywhere here.
        assertThat(c.env()).containsOnlyKeys("CI");
    }

    @Test
    void aDirOutsideTheWorkspaceIsMountedToo() {
        Command c = docker.run(check(Path.of("/ws/shared/../tools"), Map.of(), List.of("sh", "-c", "make")));

        assertThat(c.argv()).containsSubsequence("-v", "/ws/app:/ws/app", "-v", "/ws/tools:/ws/tools",
                "-v", HOME + ":" + HOME, "-w", "/ws/tools", "-e", "HOME=" + HOME, "rust:1.80", "sh", "-c", "make");
    }

    @Test
    void theCheckGetsAWritableHomeOfItsOwnNextToTheWorkspaceUnlessItsEnvSetsHome() {
        CheckSpec plain = check(WS, Map.of(), List.of("npm", "ci"));
        assertThat(docker.home(plain)).isEqualTo(Path.of(HOME));

        CheckSpec own = check(WS, Map.of("HOME", "/tmp"), List.of("npm", "ci"));
        Command c = docker.run(own);

        assertThat(docker.home(own)).isNull();
        assertThat(c.argv()).containsExactly("/usr/bin/docker", "run", "--rm", "--init", "--pull", "missing",
                "--name", "inventiv-gate-0a1b2c3d-unit", "--user", "1000:1001",
                "-v", "/ws/app:/ws/app", "-w", "/ws/app", "-e", "HOME", "rust:1.80", "npm", "ci");
        assertThat(c.env()).containsEntry("HOME", "/tmp");
    }

    @Test
    void removingContainersIsOneForcedRemoveByName() {
        assertThat(docker.remove(List.of("inventiv-gate-0a1b2c3d-unit", "inventiv-gate-0a1b2c3d-lint")).argv())
                .containsExactly("/usr/bin/docker", "rm", "--force", "inventiv-gate-0a1b2c3d-unit",
                        "inventiv-gate-0a1b2c3d-lint");
    }

    @Test
    void eachGateRunHasItsOwnContainerNamesAndTheProcessUserIsNumeric() {
        CheckSpec spec = check(WS, Map.of(), List.of("true"));
        String first = DockerRunCommand.forThisProcess("docker").containerName(spec);
        String second = DockerRunCommand.forThisProcess("docker").containerName(spec);

        assertThat(first).matches("inventiv-gate-[0-9a-f]{8}-unit").isNotEqualTo(second);
        assertThat(DockerRunCommand.processUser()).matches("[0-9]+:[0-9]+");
    }

    @Test
    void dockersOwnFailureIsToldFromTheChecksExit() {
        List<String> pullDenied = List.of("Unable to find image 'nope:1' locally",
                "docker: Error response from daemon: pull access denied for nope.", "See 'docker run --help'.");

        assertThat(DockerRunFailure.reason("nope:1", 125, pullDenied))
                .isEqualTo("cannot run in image nope:1: Error response from daemon: pull access denied for nope.");
        assertThat(DockerRunFailure.reason("rust:1", 101, pullDenied)).isNull();
        assertThat(DockerRunFailure.reason("rust:1", 125, List.of("the check's own 125"))).isNull();
    }
}
