package io.inventiv.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * {@code scripts/demo --engine-only} run for real, as a person runs it: it starts its own registry,
 * dockerd (ARM64 under QEMU) and sshd, drives the engine jar through the whole pipeline from bash,
 * and stops everything. (The demo's default path, the sample Jenkinsfile through the library on the
 * demo Jenkins, is the test module's DemoEndToEndTest: the same builds, checked there.) The test checks the transcript, the JSON the demo kept of each engine call, and
 * that no process of the demo survives it.
 */
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path state;

    @AfterEach
    void removeState() {
        Processes.deleteTree(state);
    }

    @Test
    void demoRunsThePipelineEndToEndAndLeavesNothingRunning() throws Exception {
        state = Files.createTempDirectory(Path.of("/tmp"), "demo-it");
        String secret = "demo-it-" + UUID.randomUUID();
        Run run = demo(Map.of("DEMO_API_TOKEN", secret), "--state", state.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        Map<String, String> stages = stages(run.output());
        assertThat(run.output()).as("no stage failed").doesNotContain("✗");
        assertThat(stages.keySet()).containsExactly("provision", "engine jar", "services", "app repository",
                "ci gate", "build arm64", "promote staging", "validate staging", "host's own service", "deploy staging",
                "status staging", "tag v0.1.0", "release images", "promote release", "prod = staging");
        assertThat(stages.values()).as("every stage passed").containsOnly("✓");
        assertThat(run.output()).contains("demo passed", "state: " + state);

        String sha12 = Processes.run(List.of("git", "-C", state.resolve("app").toString(), "rev-parse", "HEAD"))
                .strip().substring(0, 12);
        Map<String, String> built = builtImages(sha12);
        JsonNode build = json("build");
        assertThat(build.get("builder").asText() + " " + build.get("buildxBuilder").asText() + " "
                + build.get("driver").asText()).as("the demo builds with real buildx, docker driver")
                .isEqualTo("buildx default docker");
        assertThat(state.resolve("docker-config/cli-plugins/docker-buildx")).as("buildx only in the demo's config")
                .isExecutable();

        JsonNode gate = json("gate");
        assertThat(gate.get("passed").asBoolean()).isTrue();
        assertThat(gate.get("checks").findValuesAsText("name"))
                .containsExactly("security-check", "agent-version-check", "migrations", "shell-syntax");
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(state.resolve("reports/gate.xml").toFile()).getDocumentElement().getTagName())
                .isEqualTo("testsuites");

        assertThat(promoted("promote-staging", "staging")).isEqualTo(built);
        assertThat(promoted("promote-release", "v0.1.0")).isEqualTo(built);
        assertThat(promoted("promote-prod", "prod")).isEqualTo(built);
        assertThat(json("release-images").get("skipped").asBoolean()).as("the tag build rebuilt nothing").isTrue();
        for (Map.Entry<String, String> image : built.entrySet()) {
            String name = image.getKey().substring(image.getKey().lastIndexOf("-") + 1);
            assertThat(json("digest-" + name + "-staging").get("digest").asText()).isEqualTo(image.getValue());
            assertThat(json("digest-" + name + "-prod").get("digest").asText()).isEqualTo(image.getValue());
        }

        assertStagingHost(built);
        assertSecretOnlyInTheHostsEnvFile(secret, run.output());
        assertThat(demoProcesses()).as("processes of the demo still running").isEmpty();
    }

    @Test
    void aSecretTheEnvFileCannotHoldStopsTheDemoAtValidationWithNothingDeployedOrLeftRunning() throws Exception {
        state = Files.createTempDirectory(Path.of("/tmp"), "demo-it");
        String secret = "it's-" + UUID.randomUUID(); // a single quote: no env-file form holds it

        Run run = demo(Map.of("DEMO_API_TOKEN", secret), "--state", state.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        Map<String, String> stages = stages(run.output());
        assertThat(stages.keySet()).containsExactly("provision", "engine jar", "services", "app repository",
                "ci gate", "build arm64", "promote staging", "validate staging");
        assertThat(stages.get("validate staging")).isEqualTo("✗");
        assertThat(run.output()).contains("invalid DEMO_API_TOKEN: ", "demo failed at 'validate staging'")
                .doesNotContain(secret).doesNotContain("demo passed");
        assertThat(state.resolve("host/inventiv-demo/.env")).doesNotExist();
        assertThat(demoProcesses()).as("processes of the demo still running").isEmpty();
    }

    @Test
    void terminatedMidRunTheDemoStopsItsServicesAndLeavesNothingRunning() throws Exception {
        state = Files.createTempDirectory(Path.of("/tmp"), "demo-it");
        ProcessBuilder pb = new ProcessBuilder("scripts/demo", "--engine-only", "--state", state.toString()).redirectErrorStream(true);
        pb.environment().put("INVENTIV_ENGINE_JAR", EngineProcess.jar().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder transcript = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                transcript.append(line).append('\n');
                if (line.startsWith("  ✓ services")) {
                    // What Jenkins or a shell sends on abort; the engine call in progress finishes first.
                    p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
                }
            }
        }
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(transcript.toString()).isTrue();

        assertThat(p.exitValue()).as(transcript.toString()).isEqualTo(143);
        assertThat(transcript.toString()).contains("  ✓ services").doesNotContain("demo passed");
        assertThat(demoProcesses()).as("processes of the demo still running").isEmpty();
        assertThat(Path.of(Files.readString(state.resolve("dockerd.dir")).strip())).as("dockerd's directory").doesNotExist();
    }

    @Test
    void badArgumentsAreRefusedWithExitTwoAndOneLineBeforeAnythingStarts() throws Exception {
        state = Files.createTempDirectory(Path.of("/tmp"), "demo-it");
        Files.writeString(state.resolve("left-over"), "from an earlier run");

        Run unknown = demo(Map.of(), "--bogus");
        Run noValue = demo(Map.of(), "--state");
        Run notEmpty = demo(Map.of(), "--state", state.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output().strip()).isEqualTo("demo: unknown argument '--bogus'; usage: scripts/demo [--state DIR] [--engine-only]");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.output().strip()).isEqualTo("demo: --state needs a directory; usage: scripts/demo [--state DIR] [--engine-only]");
        assertThat(notEmpty.exitCode()).isEqualTo(2);
        assertThat(notEmpty.output().strip()).isEqualTo("demo: --state " + state + " is not empty; give a new or empty directory");
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("nothing written").containsExactly("left-over");
        }
    }

    /**
     * The staging host runs exactly the digests :staging points at (read back from the
     * registry), and the service the release does not own runs beside them.
     */
    private void assertStagingHost(Map<String, String> built) throws IOException {
        JsonNode deploy = json("deploy-staging");
        assertThat(deploy.get("result").asText()).isEqualTo("ok");

        Map<String, String> running = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (JsonNode c : json("status-staging").get("hosts").get(0).get("containers")) {
            assertThat(c.get("state").asText()).as(c.toString()).isEqualTo("running");
            String service = c.get("service").asText();
            if (!service.equals("api") && !service.equals("worker")) {
                others.add(service);
                continue;
            }
            String ref = c.get("digests").get(0).asText();
            running.put(ref.substring(0, ref.indexOf('@')), ref.substring(ref.indexOf('@') + 1));
        }
        assertThat(running).as("what the staging host runs").isEqualTo(built);
        for (Map.Entry<String, String> image : built.entrySet()) {
            String name = image.getKey().substring(image.getKey().lastIndexOf("-") + 1);
            assertThat(json("digest-" + name + "-staging").get("digest").asText())
                    .as(":staging of " + name + " read back from the registry").isEqualTo(running.get(image.getKey()));
        }
        assertThat(others).as("the service the release does not own").containsExactly("cache");
    }

    /**
     * The profile's secret reaches the host only inside the rendered env file (and the api,
     * which refuses to start without it, passed its health check): never the transcript, an
     * engine's JSON or a stage log.
     */
    private void assertSecretOnlyInTheHostsEnvFile(String secret, String transcript) throws IOException {
        assertThat(transcript).doesNotContain(secret);
        for (String dir : List.of("json", "logs")) {
            try (Stream<Path> files = Files.list(state.resolve(dir))) {
                for (Path f : files.toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
                }
            }
        }
        Path envFile = state.resolve("host/inventiv-demo/.env");
        assertThat(Files.readString(envFile)).contains("API_TOKEN='" + secret + "'");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))).isEqualTo("rw-------");
    }

    /** repository → digest of the two images the build pushed, each linux/arm64 and tagged sha12. */
    private Map<String, String> builtImages(String sha12) throws IOException {
        JsonNode build = json("build");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode i : build.get("images")) {
            assertThat(i.get("platforms").toString()).isEqualTo("[\"linux/arm64\"]");
            assertThat(i.get("tags").toString()).contains("\"" + sha12 + "\"");
            assertThat(i.get("digest").asText()).matches("sha256:[0-9a-f]{64}");
            out.put(i.get("image").asText(), i.get("digest").asText());
        }
        assertThat(out.keySet()).hasSize(2).allMatch(r -> r.endsWith("/inventiv-demo/sample-api")
                || r.endsWith("/inventiv-demo/sample-worker"));
        return out;
    }

    /** repository → digest of a promote call's images, checking each moved the given tag. */
    private Map<String, String> promoted(String call, String tag) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode i : json(call).get("images")) {
            String target = i.get("target").asText();
            assertThat(target).endsWith(":" + tag);
            out.put(target.substring(0, target.length() - tag.length() - 1), i.get("digest").asText());
        }
        return out;
    }

    private JsonNode json(String call) throws IOException {
        return JSON.readTree(state.resolve("json").resolve(call + ".json").toFile());
    }

    /** Stage label → ✓ or ✗, from the transcript's stage lines. */
    private static Map<String, String> stages(String transcript) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : transcript.split("\n")) {
            if (line.startsWith("  ✓ ") || line.startsWith("  ✗ ")) {
                out.put(line.substring(4, 23).strip(), line.substring(2, 3));
            }
        }
        return out;
    }

    /** Processes whose command line names the demo's state dir or its dockerd's directory. */
    private List<String> demoProcesses() throws IOException {
        List<String> marks = new ArrayList<>(List.of(state.toString()));
        Path dockerDir = state.resolve("dockerd.dir");
        if (Files.exists(dockerDir)) {
            marks.add(Files.readString(dockerDir).strip());
        }
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(cmd -> {
            if (marks.stream().anyMatch(cmd::contains)) {
                found.add(p.pid() + " " + cmd);
            }
        }));
        return found;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run demo(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("scripts/demo", "--engine-only"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("INVENTIV_ENGINE_JAR", EngineProcess.jar().toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            Processes.stop(p); // TERM: the demo's trap stops its services
            throw new AssertionError("scripts/demo did not finish in 4 minutes:\n" + out.get(10, TimeUnit.SECONDS));
        }
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }
}
