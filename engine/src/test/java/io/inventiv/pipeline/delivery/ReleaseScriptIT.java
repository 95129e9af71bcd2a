package io.inventiv.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.inventiv.pipeline.testsupport.EngineProcess;

/**
 * scripts/release: `prepare` rewrites engine.properties so that inventivEngine's agent-side
 * script downloads exactly the jar it made; `upload` is a dry run without a token and talks to
 * GitHub's API (here a loopback stand-in) with one.
 */
class ReleaseScriptIT {
    @TempDir
    Path dir;

    private Path properties;
    private Path dist;
    private String version;
    private String sha;

    @BeforeEach
    void setUp() throws Exception {
        properties = dir.resolve("engine.properties");
        Files.copy(Path.of("resources/io/inventiv/pipeline/engine.properties"), properties);
        dist = dir.resolve("dist");
        try (JarFile file = new JarFile(EngineProcess.jar().toFile())) {
            version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(EngineProcess.jar())));
    }

    @Test
    void prepareRewritesVersionSha256AndUrlAndKeepsTheRestOfTheFile() throws Exception {
        List<String> before = Files.readAllLines(properties);

        AgentSide.Run run = release("prepare", version, "--repo", "acme/lib");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> after = Files.readAllLines(properties);
        assertThat(after).contains("version=" + version, "sha256=" + sha,
                "url=https://github.com/acme/lib/releases/download/v{version}/inventiv-pipeline-{version}.jar");
        assertThat(after).hasSameSizeAs(before);
        assertThat(after.stream().filter(l -> l.startsWith("#")).toList())
                .isEqualTo(before.stream().filter(l -> l.startsWith("#")).toList());
        Path asset = dist.resolve("inventiv-pipeline-" + version + ".jar");
        assertThat(Files.readAllBytes(asset)).isEqualTo(Files.readAllBytes(EngineProcess.jar()));
        assertThat(Files.readString(dist.resolve("inventiv-pipeline-" + version + ".jar.sha256")))
                .isEqualTo(sha + "  inventiv-pipeline-" + version + ".jar\n");
        assertThat(run.stdout()).contains("git tag v" + version, "scripts/release upload " + version);
    }

    @Test
    void theRewrittenPinsMakeTheAgentDownloadExactlyThePreparedJar() throws Exception {
        release("prepare", version, "--repo", "acme/lib");
        Map<String, String> pins = readProperties();
        Path home = Files.createDirectories(dir.resolve("agent-home"));
        try (ReleaseAssetServer github = new ReleaseAssetServer()) {
            String path = "/acme/lib/releases/download/v" + version + "/inventiv-pipeline-" + version + ".jar";
            github.publish(path, Files.readAllBytes(dist.resolve("inventiv-pipeline-" + version + ".jar")));
            Map<String, String> env = new HashMap<>();
            env.put("INVENTIV_PIN_VERSION", pins.get("version"));
            env.put("INVENTIV_PIN_SHA256", pins.get("sha256"));
            // The pinned URL with github.com's host swapped for the loopback stand-in.
            env.put("INVENTIV_PIN_URL", pins.get("url").replace("https://github.com", github.url("")));
            env.put("JAVA_HOME", System.getProperty("java.home"));

            AgentSide.Run run = new AgentSide(home).resolve(env);

            assertThat(run.answer()).containsEntry("source", "download").containsEntry("version", version);
        }
    }

    @Test
    void aJarOfAnotherVersionIsRefusedAndNothingIsWritten() throws Exception {
        byte[] before = Files.readAllBytes(properties);

        AgentSide.Run run = release("prepare", "9.9.9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("'inventiv-pipeline " + version + "'",
                "-Dinventiv.engine.version=9.9.9");
        assertThat(Files.readAllBytes(properties)).isEqualTo(before);
        assertThat(dist).doesNotExist();
    }

    @Test
    void aVersionThatIsNotOneIsRefusedInOneLine() {
        AgentSide.Run run = release("prepare", "v1.2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("release: VERSION 'v1.2' is not a version like 1.4.0 (the tag will be v1.4.0)\n");
    }

    @Test
    void uploadWithoutATokenOnlySaysWhatItWouldUpload() {
        release("prepare", version, "--repo", "acme/lib");

        AgentSide.Run run = release("upload", version, "--repo", "acme/lib");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("dry run", "inventiv-pipeline-" + version + ".jar", "sha256 " + sha,
                "release v" + version + " in github.com/acme/lib", "GH_TOKEN");
    }

    @Test
    void uploadRefusesAJarTheCommittedPinsDoNotName() throws Exception {
        release("prepare", version);
        Files.writeString(properties, Files.readString(properties).replace("sha256=" + sha, "sha256=" + "0".repeat(64)));

        AgentSide.Run run = release("upload", version);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("run scripts/release prepare " + version + " again");
    }

    @Test
    void uploadWithATokenCreatesTheReleaseAndAttachesTheJarThroughGithubsApi() throws Exception {
        release("prepare", version, "--repo", "acme/lib");
        List<String> calls = new ArrayList<>();
        List<String> authorizations = new ArrayList<>();
        byte[][] uploaded = new byte[1][];
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            calls.add(call);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            String answer;
            if (call.startsWith("GET /repos/acme/lib/releases/tags/")) {
                status = 404;
                answer = "{\"message\":\"Not Found\"}";
            } else if (call.equals("POST /repos/acme/lib/releases")) {
                status = 201;
                answer = "{\"url\":\"x\",\"upload_url\":\"y\",\"id\":4242,\"author\":{\"id\":7}}";
            } else if (call.startsWith("POST /repos/acme/lib/releases/4242/assets?name=")) {
                uploaded[0] = body;
                status = 201;
                answer = "{\"id\":1}";
            } else {
                status = 500;
                answer = "{}";
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            try (exchange) {
                exchange.getResponseBody().write(out);
            }
        });
        api.start();
        try {
            String url = "http://127.0.0.1:" + api.getAddress().getPort();
            AgentSide.Run run = release(Map.of("GH_TOKEN", "ghp_secretTokenValue"), "upload", version, "--repo", "acme/lib",
                    "--api-url", url);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(calls).containsExactly("GET /repos/acme/lib/releases/tags/v" + version,
                    "POST /repos/acme/lib/releases",
                    "POST /repos/acme/lib/releases/4242/assets?name=inventiv-pipeline-" + version + ".jar");
            assertThat(authorizations).containsOnly("Bearer ghp_secretTokenValue");
            assertThat(uploaded[0]).isEqualTo(Files.readAllBytes(EngineProcess.jar()));
            assertThat(run.stdout() + run.stderr()).doesNotContain("ghp_secretTokenValue");
        } finally {
            api.stop(0);
        }
    }

    private AgentSide.Run release(String... args) {
        return release(Map.of(), args);
    }

    private AgentSide.Run release(Map<String, String> extraEnv, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of("scripts/release").toAbsolutePath().toString()));
        argv.addAll(List.of(args));
        if (args[0].equals("prepare")) {
            argv.addAll(List.of("--jar", EngineProcess.jar().toString()));
        }
        argv.addAll(List.of("--properties", properties.toString(), "--dist", dist.toString()));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", System.getProperty("java.home") + "/bin:/usr/local/bin:/usr/bin:/bin");
        return new AgentSide(dir).run(argv, env);
    }

    private Map<String, String> readProperties() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(properties)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
