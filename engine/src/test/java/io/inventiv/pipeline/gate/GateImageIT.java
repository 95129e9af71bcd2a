package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * Gate checks that name an image, through the packaged jar against the real test dockerd: the
 * check runs in a container at the agent's paths as the engine's user, its env reaches it by name
 * only, and a container outliving its check (timeout, fail-fast, SIGTERM to the engine) is removed.
 */
class GateImageIT {
    /** A FROM scratch image with a static busybox as /bin/sh and friends: no registry needed. */
    private static final String IMAGE = "gate-it/busybox:1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DockerDaemon docker;

    @TempDir
    Path repo;

    @BeforeAll
    static void buildImage(@TempDir Path ctx) throws IOException {
        docker = DockerDaemon.shared();
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                """);
        docker("build", "-q", "--network", "none", "-t", IMAGE, ctx.toString());
    }

    /** Where the checks' HOMEs go: {@code WORKSPACE@tmp}, outside the temp dir JUnit cleans. */
    private Path homes() {
        return Path.of(repo + "@tmp");
    }

    @AfterEach
    void removeLeftHomes() {
        Processes.deleteTree(homes());
    }

    private static String docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/docker", "-H", docker.host()));
        argv.addAll(List.of(args));
        return Processes.run(argv);
    }

    /** Containers of any gate run, running or not. */
    private static List<String> gateContainers() {
        return docker("ps", "-a", "--filter", "name=inventiv-gate-", "--format", "{{.Names}}").lines()
                .filter(l -> !l.isBlank()).toList();
    }

    private Map<String, String> env(String dockerClient) {
        Map<String, String> env = new HashMap<>(docker.env());
        env.put("INVENTIV_DOCKER", dockerClient);
        return env;
    }

    private Result gate(String... args) {
        List<String> argv = new ArrayList<>(List.of("gate"));
        argv.addAll(List.of(args));
        return EngineProcess.run(env("/usr/bin/docker"), null, repo, argv.toArray(String[]::new));
    }

    @Test
    void aCheckRunsInItsImageAtTheAgentsPathsAsTheEnginesUserAndAFailingOneReportsItsExitCode() throws Exception {
        Files.createDirectories(repo.resolve("frontend"));
        Files.writeString(repo.resolve("frontend/input.txt"), "from the agent\n");
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: in-image
                    image: %s
                    dir: frontend
                    command: "pwd; cat input.txt; test ! -e /usr/bin/java && echo no-agent-tools; echo built > out.txt; cat /proc/1/cmdline | tr '\\\\0' ' '"
                  - name: failing
                    image: %s
                    command: [sh, -c, "echo 'error: broken' >&2; exit 3"]
                  - name: on-agent
                    command: [true]
                """.formatted(IMAGE, IMAGE));

        Result r = gate("--json", "--junit", "gate.xml");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode checks = JSON.readTree(r.stdout()).get("checks");
        JsonNode inImage = checks.get(0);
        assertThat(inImage.get("status").asText()).as(r.stderr()).isEqualTo("passed");
        assertThat(inImage.get("image").asText()).isEqualTo(IMAGE);
        Path frontend = repo.resolve("frontend").toRealPath();
        assertThat(r.stderr()).contains("[in-image] --- start in " + IMAGE + ": sh -c pwd;")
                .contains("[in-image] " + frontend + "\n")
                .contains("[in-image] from the agent")
                .contains("[in-image] no-agent-tools")
                .contains("[in-image] /sbin/docker-init -- sh -c pwd;");
        // Written in the agent's directory, owned by the engine's user.
        Path out = repo.resolve("frontend/out.txt");
        assertThat(Files.readString(out)).isEqualTo("built\n");
        assertThat(Files.getAttribute(out, "unix:uid")).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));

        JsonNode failing = checks.get(1);
        assertThat(failing.get("status").asText()).isEqualTo("failed");
        assertThat(failing.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failing.get("reason").asText()).isEqualTo("exited 3");
        assertThat(checks.get(2).get("image").isNull()).isTrue();

        Document doc = JUnitXmlTest.parse(Files.readString(repo.resolve("gate.xml")));
        Element failingCase = (Element) doc.getElementsByTagName("testcase").item(1);
        assertThat(((Element) failingCase.getElementsByTagName("property").item(0)).getAttribute("value")).isEqualTo(IMAGE);
        assertThat(failingCase.getElementsByTagName("failure").item(0).getTextContent()).contains("error: broken");
        assertThat(gateContainers()).isEmpty();
    }

    @Test
    void theChecksEnvReachesTheContainerByNameWithItsValueNeverInDockersArgv() throws Exception {
        String value = "gate-env-value-5Kq8";
        Path argvLog = repo.resolve("docker-argv.log");
        Path recorder = Files.createTempFile("docker-recorder-", ".sh");
        try {
            Files.writeString(recorder, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argvLog + "'\nexec /usr/bin/docker \"$@\"\n");
            Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(repo.resolve("gate.yaml"), """
                    image: %s
                    checks:
                      - name: env
                        env: {CHECK_VALUE: "%s"}
                        command: "test \\"$CHECK_VALUE\\" = %s && echo value-arrived"
                    """.formatted(IMAGE, value, value));

            Result r = EngineProcess.run(env(recorder.toString()), null, repo, "gate", "--json");

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stderr()).contains("[env] value-arrived");
            String recorded = Files.readString(argvLog);
            assertThat(recorded).contains("run --rm --init --pull missing --name inventiv-gate-")
                    .contains(" -e CHECK_VALUE " + IMAGE + " sh -c ")
                    .doesNotContain("CHECK_VALUE=");
            // The command line itself names the value (the test compares against it), nothing else does.
            assertThat(recorded.replace("= " + value + " &&", "")).doesNotContain(value);
        } finally {
            Files.deleteIfExists(recorder);
        }
    }

    @Test
    void aCheckInAnImageGetsAWritableHomeOfItsOwnWhichTheEngineRemovesAfterwardsUnlessItsEnvSetsHome()
            throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                image: %s
                checks:
                  - name: cache
                    command: "echo home=$HOME; mkdir -p $HOME/.npm/_cacache && echo entry > $HOME/.npm/_cacache/x && chmod 555 $HOME/.npm/_cacache $HOME/.npm && stat -c 'owner=%%u mode=%%a' $HOME"
                  - name: own-home
                    env: {HOME: /elsewhere}
                    command: "echo home=$HOME"
                """.formatted(IMAGE));

        Result r = gate("--json", "--parallel", "1");

        assertThat(r.exitCode()).as(r.all()).isZero();
        Path workspace = repo.toRealPath();
        assertThat(r.stderr()).containsPattern("\\[cache\\] +home=" + java.util.regex.Pattern.quote(workspace + "@tmp/inventiv-gate-")
                        + "[0-9a-f]{8}-cache\n")
                .contains("owner=" + Files.getAttribute(Path.of("/proc/self"), "unix:uid") + " mode=700")
                .contains("[own-home] home=/elsewhere");
        // Made by the engine for this run, removed with what the check left there (read-only directories too).
        assertThat(homes()).doesNotExist();
    }

    /**
     * passEnv: a variable of the engine's environment (Jenkins binds it with withCredentials) reaches
     * the container by name; its value is in no argv, and as a name of INVENTIV_SECRET_VARS it is
     * masked in everything the engine writes. The check compares a digest so its command line does
     * not hold the value. On the agent, passEnv changes nothing: the check inherits the environment.
     */
    @Test
    void passEnvHandsTheEnginesVariablesToTheContainerByNameOnlyAndASecretOneIsMaskedInEveryReport() throws Exception {
        String token = "npm-token-value-7Hq2xZ";
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path argvLog = repo.resolve("docker-argv.log");
        Path recorder = Files.createTempFile("docker-recorder-", ".sh");
        try {
            Files.writeString(recorder, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argvLog + "'\nexec /usr/bin/docker \"$@\"\n");
            Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(repo.resolve("gate.yaml"), """
                    checks:
                      - name: npm
                        image: %s
                        passEnv: [NPM_TOKEN, CI_SETTING]
                        command: "test $(printf %%s \\"$NPM_TOKEN\\" | md5sum | cut -c1-32) = %s && echo md5-ok; echo token=$NPM_TOKEN; echo setting=$CI_SETTING; test -z \\"$AGENT_ONLY\\" && echo agent-only-absent; exit 4"
                      - name: agent
                        passEnv: [NPM_TOKEN]
                        command: "test $(printf %%s \\"$NPM_TOKEN\\" | md5sum | cut -c1-32) = %s && echo agent-has-it"
                    """.formatted(IMAGE, md5, md5));
            Map<String, String> env = env(recorder.toString());
            env.put("NPM_TOKEN", token);
            env.put("CI_SETTING", "visible-setting");
            env.put("AGENT_ONLY", "not-for-the-container");
            env.put("INVENTIV_SECRET_VARS", "NPM_TOKEN");

            Result r = EngineProcess.run(env, null, repo, "gate", "--json", "--junit", "gate.xml");

            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.stderr()).contains("[npm]   md5-ok", "[npm]   token=****", "[npm]   setting=visible-setting",
                    "[npm]   agent-only-absent", "[agent] agent-has-it");
            JsonNode npm = JSON.readTree(r.stdout()).get("checks").get(0);
            assertThat(npm.get("exitCode").asInt()).as(r.all()).isEqualTo(4);
            assertThat(JSON.readTree(r.stdout()).get("checks").get(1).get("status").asText()).isEqualTo("passed");
            String junit = Files.readString(repo.resolve("gate.xml"));
            assertThat(junit).contains("token=****");
            String recorded = Files.readString(argvLog);
            assertThat(recorded).contains(" -e CI_SETTING -e NPM_TOKEN " + IMAGE + " sh -c ");
            for (String text : List.of(r.stdout(), r.stderr(), junit, recorded)) {
                assertThat(text).doesNotContain(token).doesNotContain("7Hq2xZ");
            }
        } finally {
            Files.deleteIfExists(recorder);
        }
    }

    @Test
    void aTimedOutCheckHasItsContainerRemovedNotJustItsClientKilled() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: hang
                    image: %s
                    timeout: 2s
                    command: "trap '' TERM; sleep 300"
                """.formatted(IMAGE));

        Result r = gate("--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode hang = JSON.readTree(r.stdout()).get("checks").get(0);
        assertThat(hang.get("status").asText()).isEqualTo("timedOut");
        assertThat(hang.get("reason").asText()).isEqualTo("timed out after 2.0s; its container was removed");
        assertThat(gateContainers()).isEmpty();
    }

    @Test
    void failFastRemovesTheContainersOfTheChecksItStops() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                image: %s
                checks:
                  - name: slow
                    command: "trap '' TERM; touch started; sleep 300"
                  - name: broken
                    command: "while [ ! -e started ]; do sleep 0.1; done; exit 1"
                """.formatted(IMAGE));

        Result r = gate("--json", "--fail-fast", "--parallel", "2");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode checks = JSON.readTree(r.stdout()).get("checks");
        assertThat(checks.get(0).get("status").asText()).isEqualTo("skipped");
        assertThat(checks.get(0).get("reason").asText()).isEqualTo("stopped by --fail-fast; its container was removed");
        assertThat(checks.get(1).get("exitCode").asInt()).isEqualTo(1);
        assertThat(gateContainers()).isEmpty();
    }

    @Test
    void sigtermToTheEngineRemovesTheRunningContainers() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: long
                    image: %s
                    command: "trap '' TERM; touch started; sleep 300"
                """.formatted(IMAGE));
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-jar", EngineProcess.jar().toString(), "gate"))
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(repo.resolve("engine.log").toFile());
        pb.environment().putAll(env("/usr/bin/docker"));
        Process engine = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(repo.resolve("started")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(gateContainers()).as(Files.readString(repo.resolve("engine.log"))).hasSize(1);
            assertThat(homes()).isDirectory();

            engine.destroy(); // SIGTERM, as Jenkins sends on abort

            assertThat(engine.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(gateContainers()).as(Files.readString(repo.resolve("engine.log"))).isEmpty();
            assertThat(homes()).as("the aborted check's HOME is removed too").doesNotExist();
        } finally {
            Processes.stop(engine);
        }
    }

    /**
     * The engine's SIGTERM hook kills the running check's docker client and then spends a while
     * removing its container: the check ends meanwhile, and a scheduler without a guard would start
     * the queued checks, whose processes the exiting engine then leaves behind.
     */
    @Test
    void onceTheEngineIsTerminatingNoQueuedCheckStartsOnTheAgentNorInAnImage() throws Exception {
        String token = "queued-" + Long.toHexString(System.nanoTime());
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: long
                    image: %s
                    command: "trap '' TERM; touch started; sleep 300"
                  - name: queued-agent
                    command: "touch agent-ran; sleep 300; echo %s"
                  - name: queued-image
                    image: %s
                    command: "touch image-ran; sleep 300; echo %s"
                """.formatted(IMAGE, token, IMAGE, token));
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-jar", EngineProcess.jar().toString(), "gate",
                "--parallel", "1"))
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(repo.resolve("engine.log").toFile());
        pb.environment().putAll(env("/usr/bin/docker"));
        Process engine = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(repo.resolve("started")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(repo.resolve("started")).as(Files.readString(repo.resolve("engine.log"))).exists();

            engine.destroy(); // SIGTERM, as Jenkins sends on abort

            assertThat(engine.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(2000); // a check started at the last moment would have touched its marker by now
            String log = Files.readString(repo.resolve("engine.log"));
            assertThat(repo.resolve("agent-ran")).as(log).doesNotExist();
            assertThat(repo.resolve("image-ran")).as(log).doesNotExist();
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(token)).toList()).as(log).isEmpty();
            assertThat(gateContainers()).as(log).isEmpty();
        } finally {
            Processes.stop(engine);
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(token))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aMissingImageIsAFailedCheckWithDockersReasonAndTheOtherChecksStillRun() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: nowhere
                    image: 127.0.0.1:1/gate-it/absent:1
                    command: [true]
                  - name: fine
                    image: %s
                    command: [true]
                """.formatted(IMAGE));

        Result r = gate("--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        JsonNode checks = JSON.readTree(r.stdout()).get("checks");
        JsonNode nowhere = checks.get(0);
        assertThat(nowhere.get("status").asText()).isEqualTo("failed");
        assertThat(nowhere.get("exitCode").isNull()).isTrue();
        assertThat(nowhere.get("reason").asText())
                .startsWith("cannot run in image 127.0.0.1:1/gate-it/absent:1: Error response from daemon:")
                .contains("127.0.0.1:1");
        assertThat(checks.get(1).get("status").asText()).isEqualTo("passed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            uppercase          | 'checks: [{name: a, command: "touch ran", image: Rust:1.80}]' | gate.yaml: checks[0].image: repository name in 'Rust:1.80' must be lowercase
            an option          | 'checks: [{name: a, command: "touch ran", image: "--privileged"}]' | gate.yaml: checks[0].image:
            engine check       | 'checks: [{name: a, engine: [scan-keys], image: rust:1.80}]' | gate.yaml: checks[0].image: an engine check cannot run in an image
            bad default        | '{image: "node:20:x", checks: [{name: a, command: "touch ran"}]}' | gate.yaml: image:
            """)
    void aBadImageIsExitTwoWithOneLineNamingItBeforeAnythingRuns(String label, String yaml, String message)
            throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), yaml);

        Result r = gate("--junit", "gate.xml");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("gate: " + message).doesNotContain("Exception");
        assertThat(repo.resolve("ran")).doesNotExist();
        assertThat(repo.resolve("gate.xml")).doesNotExist();
    }
}
