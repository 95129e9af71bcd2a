package io.inventiv.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * The engine's way onto a fresh agent, through the real agent-side script
 * (resources/io/inventiv/pipeline/engine-resolve.sh under /bin/sh) and the real launcher, against a
 * release-asset host on loopback: pre-installed jar, cache, download checked against the pinned
 * sha256, and each failure's one line.
 */
class EngineDeliveryIT {
    private static final String ASSET = "/o/inventiv-pipeline/releases/download/v{version}/inventiv-pipeline-{version}.jar";

    @TempDir
    Path home;

    private ReleaseAssetServer server;
    private AgentSide agent;
    private byte[] jar;
    private String sha;
    private String version;

    @BeforeEach
    void setUp() throws Exception {
        server = new ReleaseAssetServer();
        agent = new AgentSide(home);
        jar = Files.readAllBytes(EngineProcess.jar());
        sha = sha256(jar);
        try (JarFile file = new JarFile(EngineProcess.jar().toFile())) {
            version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aGoodJarIsDownloadedCheckedCachedAndStartsThroughTheShippedLauncher() throws Exception {
        server.publish(asset(version), jar);

        Map<String, String> answer = resolved(pins());

        assertThat(answer).containsEntry("source", "download").containsEntry("version", version)
                .containsEntry("javaVersion", String.valueOf(Runtime.version().feature()))
                .containsEntry("jar", cacheDir().resolve(sha).resolve("inventiv-pipeline.jar").toString());
        assertThat(sha256(Files.readAllBytes(Path.of(answer.get("jar"))))).isEqualTo(sha);
        assertThat(filesIn(cacheDir().resolve(sha))).containsExactly("inventiv-pipeline.jar");
        AgentSide.Run engine = agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));
        assertThat(engine.stdout().trim()).isEqualTo("inventiv-pipeline " + version);
    }

    @Test
    void aWrongChecksumIsRefusedInOneLineAndNothingIsCached() throws Exception {
        byte[] other = java.util.Arrays.copyOf(jar, jar.length + 1);
        server.publish(asset(version), other);

        String error = failure(pins());

        assertThat(error).contains("has sha256 " + sha256(other), "pins " + sha, "fix the mirror or url",
                "Nothing was cached");
        assertThat(filesIn(cacheDir().resolve(sha))).isEmpty();
    }

    @Test
    void aMissingAssetSaysWhereItLookedAndHowToPublishIt() {
        String error = failure(pins());

        assertThat(error).contains(server.url(asset(version)), "HTTP 404", "scripts/release upload",
                "INVENTIV_ENGINE_URL", "INVENTIV_ENGINE_JAR");
        assertThat(filesIn(cacheDir().resolve(sha))).isEmpty();
    }

    @Test
    void twoFirstDownloadsAtOnceBothSucceedAndLeaveOneIntactJar() throws Exception {
        server.publish(asset(version), jar);
        server.holdAnswersUntilInFlight(2);

        CompletableFuture<Map<String, String>> first = CompletableFuture.supplyAsync(() -> resolved(pins()));
        CompletableFuture<Map<String, String>> second = CompletableFuture.supplyAsync(() -> resolved(pins()));

        assertThat(first.get()).containsEntry("source", "download");
        assertThat(second.get()).containsEntry("source", "download");
        assertThat(server.answeredTogether()).as("both downloads were in flight at once").isEqualTo(2);
        assertThat(first.get().get("jar")).isEqualTo(second.get().get("jar"));
        assertThat(filesIn(cacheDir().resolve(sha))).containsExactly("inventiv-pipeline.jar");
        assertThat(sha256(Files.readAllBytes(Path.of(first.get().get("jar"))))).isEqualTo(sha);
    }

    @Test
    void aCachedJarIsUsedWithNoNetwork() {
        server.publish(asset(version), jar);
        assertThat(resolved(pins())).containsEntry("source", "download");
        server.close();

        Map<String, String> answer = resolved(pins());

        assertThat(answer).containsEntry("source", "cache");
        assertThat(server.requests()).isEqualTo(1);
        AgentSide.Run engine = agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));
        assertThat(engine.stdout().trim()).isEqualTo("inventiv-pipeline " + version);
    }

    @Test
    void aDamagedCachedJarIsDownloadedAgainRatherThanRun() throws Exception {
        server.publish(asset(version), jar);
        Path cached = Path.of(resolved(pins()).get("jar"));
        cached.toFile().setWritable(true);
        Files.write(cached, new byte[] {1, 2, 3});

        assertThat(resolved(pins())).containsEntry("source", "download");
        assertThat(sha256(Files.readAllBytes(cached))).isEqualTo(sha);
    }

    @Test
    void theAgentsMirrorUrlAndTheStepsUrlArgumentWinOverThePinnedOne() {
        server.publish("/mirror/agent/inventiv-pipeline-" + version + ".jar", jar);
        server.publish("/mirror/step/" + sha + ".jar", jar);
        Map<String, String> env = pins();
        env.put("INVENTIV_PIN_URL", server.url("/gone/{version}.jar"));
        env.put("INVENTIV_ENGINE_URL", server.url("/mirror/agent/inventiv-pipeline-{version}.jar"));
        assertThat(resolved(env)).containsEntry("source", "download");

        Processes.deleteTree(cacheDir());
        env.put("INVENTIV_URL_ARG", server.url("/mirror/step/{sha256}.jar"));
        assertThat(resolved(env)).containsEntry("source", "download");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aPreinstalledJarOfThePinnedVersionIsUsedWithoutDownloading() {
        Map<String, String> env = pins();
        env.put("INVENTIV_ENGINE_JAR", EngineProcess.jar().toString());

        Map<String, String> answer = resolved(env);

        assertThat(answer).containsEntry("source", "preinstalled").containsEntry("jar", EngineProcess.jar().toString());
        assertThat(resolved(env)).containsEntry("source", "preinstalled");
        assertThat(server.requests()).isZero();
    }

    @Test
    void aPreinstalledJarOfAnotherVersionIsRefused() {
        Map<String, String> env = pins();
        env.put("INVENTIV_PIN_VERSION", "9.9.9");
        env.put("INVENTIV_ENGINE_JAR", EngineProcess.jar().toString());

        assertThat(failure(env)).contains("INVENTIV_ENGINE_JAR=" + EngineProcess.jar(), "is engine '" + version + "'",
                "needs 9.9.9", "install 9.9.9 there");
        assertThat(server.requests()).isZero();
    }

    @Test
    void javaOlderThan17IsRefusedSayingWhatToDo() throws Exception {
        Path jdk11 = home.resolve("jdk-11");
        Files.createDirectories(jdk11.resolve("bin"));
        Files.writeString(jdk11.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.22\"\n");
        Path java = Files.writeString(jdk11.resolve("bin/java"), "#!/bin/sh\nexit 1\n");
        java.toFile().setExecutable(true);
        Map<String, String> env = pins();
        env.put("JAVA_HOME", jdk11.toString());

        assertThat(failure(env)).contains("the Java at " + jdk11 + " is 11", "needs Java 17 or newer",
                "set JAVA_HOME on the agent to a JDK 17+", "jdk:");
    }

    @Test
    void noJavaHomeIsRefusedRatherThanTakingWhateverJavaIsOnPath() {
        Map<String, String> env = pins();
        env.remove("JAVA_HOME");

        assertThat(failure(env)).contains("no Java on this agent", "JAVA_HOME", "jdk:");
    }

    @Test
    void aJdkToolWinsOverTheAgentsJavaHome() {
        server.publish(asset(version), jar);
        Map<String, String> env = pins();
        env.put("JAVA_HOME", "/nonexistent/jdk");
        env.put("INVENTIV_JDK_HOME", System.getProperty("java.home"));

        assertThat(resolved(env)).containsEntry("javaHome", System.getProperty("java.home"));
    }

    @Test
    void onJdk19AndLaterTheJvmKeepsItsOwnArchiveNextToTheCachedJarAndOn17NoneIsMade() throws Exception {
        Path jdk = newerJdk();
        server.publish(asset(version), jar);
        Map<String, String> on17 = resolved(pins());
        agent.run(List.of(on17.get("launcher"), "--version"), stepEnv(on17));
        assertThat(filesIn(Path.of(on17.get("cdsDir")))).containsExactly("inventiv-pipeline.jar");

        Map<String, String> env = pins();
        env.put("JAVA_HOME", jdk.toString());
        Map<String, String> answer = resolved(env);
        AgentSide.Run first = agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));
        AgentSide.Run second = agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));

        assertThat(first.stdout().trim()).isEqualTo("inventiv-pipeline " + version);
        assertThat(second.stdout().trim()).isEqualTo("inventiv-pipeline " + version);
        assertThat(first.stderr() + second.stderr()).isEmpty();
        assertThat(filesIn(Path.of(answer.get("cdsDir")))).contains("inventiv-pipeline.jar")
                .anyMatch(f -> f.startsWith("inventiv-pipeline-none-jdk-") && f.endsWith(".jsa"));
    }

    @Test
    void onJdk19AndLaterFourFirstRunsAtOnceLeaveAnArchiveTheNextRunMaps() throws Exception {
        Path jdk = newerJdk();
        server.publish(asset(version), jar);
        Map<String, String> env = pins();
        env.put("JAVA_HOME", jdk.toString());
        Map<String, String> answer = resolved(env);
        List<String> command = List.of(answer.get("launcher"), "validate-env", "--profile", "staging", "--json");

        List<CompletableFuture<AgentSide.Run>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> agent.run(command, stepEnv(answer))));
        }
        for (CompletableFuture<AgentSide.Run> run : runs) {
            assertThat(run.get().stdout()).startsWith("{\"error\":\"profile staging is not ready:").contains("\"profile\":\"staging\"");
            assertThat(run.get().stderr()).as("the engine's own text, no JVM warning")
                    .startsWith("profile staging").doesNotContain("warning").doesNotContain("cds");
        }
        Map<String, String> logging = new HashMap<>(stepEnv(answer));
        logging.put("INVENTIV_JAVA_OPTS", "-Xlog:cds=info");
        AgentSide.Run next = agent.run(command, logging);

        assertThat(next.stdout()).contains("Mapped dynamic region").contains("\"profile\":\"staging\"");
        assertThat(filesIn(Path.of(answer.get("cdsDir")))).noneMatch(f -> f.endsWith(".tmp"))
                .filteredOn(f -> f.endsWith(".jsa")).hasSize(1);
    }

    @Test
    void onJdk19AndLaterADamagedArchiveCostsItsBenefitButNeverAWarningOrTheRun() throws Exception {
        Path jdk = newerJdk();
        server.publish(asset(version), jar);
        Map<String, String> env = pins();
        env.put("JAVA_HOME", jdk.toString());
        Map<String, String> answer = resolved(env);
        agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));
        Path archive;
        try (Stream<Path> files = Files.list(Path.of(answer.get("cdsDir")))) {
            archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        Files.write(archive, java.util.Arrays.copyOf(Files.readAllBytes(archive), 100_000));

        AgentSide.Run run = agent.run(List.of(answer.get("launcher"), "--version"), stepEnv(answer));

        assertThat(run.stdout().trim()).isEqualTo("inventiv-pipeline " + version);
        assertThat(run.stderr()).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Map<String, String> pins() {
        Map<String, String> env = new HashMap<>();
        env.put("INVENTIV_PIN_VERSION", version);
        env.put("INVENTIV_PIN_SHA256", sha);
        env.put("INVENTIV_PIN_URL", server.url(ASSET));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** The environment a step hands the engine's sh: what inventivEngine's answer says. */
    private static Map<String, String> stepEnv(Map<String, String> answer) {
        return Map.of("INVENTIV_ENGINE_JAR", answer.get("jar"), "INVENTIV_JAVA_HOME", answer.get("javaHome"),
                "INVENTIV_CDS_DIR", answer.get("cdsDir"));
    }

    private Map<String, String> resolved(Map<String, String> env) {
        AgentSide.Run run = agent.resolve(env);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).as("no error").doesNotContain("error=");
        return run.answer();
    }

    /** The one-line error: nothing else on stdout, exit 0 (the step reads it with returnStdout). */
    private String failure(Map<String, String> env) {
        AgentSide.Run run = agent.resolve(env);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("error=inventivEngine: ").endsWith("\n");
        assertThat(run.stdout().strip()).doesNotContain("\n");
        return run.stdout().strip();
    }

    private static String asset(String version) {
        return ASSET.replace("{version}", version);
    }

    private Path cacheDir() {
        return home.resolve(".cache/inventiv-pipeline");
    }

    private static List<String> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A JDK 19+ on this machine (Temurin 25 under /usr/lib/jvm, ../shared/ENVIRONMENT.md). */
    private static Path newerJdk() throws IOException {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(j -> featureOf(j) >= 19).findFirst().orElseThrow(() -> new AssertionError(
                    "no JDK 19+ under /usr/lib/jvm: this test needs one (the machines have Temurin 25 there)"));
        }
    }

    private static int featureOf(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring(14).split("[.\"]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
