package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.GhcrStyleTokenProxy;

/**
 * Issue 10 §1's leak test: every engine command that can fail runs with four distinctive secrets
 * (REGISTRY_PASSWORD, a profile secret, an INVENTIV_SECRET_VARS one and one holding a control
 * character; the profile secret is set for the commands that read the profile) against the real fixtures (registry behind the GHCR token double, sshd, dockerd),
 * and every byte written (stdout, stderr, JSON, JUnit, every file under the directories the
 * command used: its working directory, TMPDIR, DOCKER_CONFIG, the host's project directory
 * except the live env file and kept releases) is searched for each secret in each of its forms.
 */
class SecretLeakIT {
    private static final String USER = "ci-bot";
    private static final String REGISTRY_PASSWORD = "RegPw-Leak7Q2x9";
    private static final String PROFILE_SECRET = "PrSec-Leak4M8z1";
    private static final String LISTED_SECRET = "Listd-Leak3K5v6";
    private static final String CONTROL_SECRET = "Ctl\bLeak9P\u0001w2";
    private static final List<String> SECRETS = List.of(REGISTRY_PASSWORD, PROFILE_SECRET, LISTED_SECRET, CONTROL_SECRET);

    private static RemoteFixture host;
    private static GhcrStyleTokenProxy ghcr;
    private static Path local;
    private static Path project;
    private static Path profile;
    private static Path release;
    private static final List<String> commandsRun = new ArrayList<>();
    private static int formsChecked;

    @BeforeAll
    static void start() throws IOException {
        host = RemoteFixture.shared();
        ghcr = new GhcrStyleTokenProxy(host.registry.baseUrl(), USER, REGISTRY_PASSWORD);
        local = Files.createTempDirectory(host.work, "leak");
        project = host.newProject("leaked");
        String api = host.image("app-api", "v1", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        host.composeFile(local, host.image("proxy", "p1", "healthy"));
        String registry = api.substring(0, api.indexOf('/'));
        profile = RemoteFixture.write(local.resolve("profile.yml"), "name: leak\n"
                + "variables:\n"
                + "  APP_HOST: { kind: setting, format: host }\n"
                + "  APP_PORT: { kind: setting, format: port }\n"
                + "  APP_GREETING: { kind: secret, composeKey: GREETING }\n"
                + "  APP_SSH_KEY: { kind: ssh-key }\n"
                + "ssh:\n  hosts: [\"${APP_HOST}\"]\n  port: \"${APP_PORT}\"\n  user: root\n  userCandidates: [root]\n"
                + "  hostKey: \"" + host.sshd.hostKeyLine() + "\"\n"
                + "remote:\n  dir: " + project + "\n  composeFile: docker-compose.yml\n"
                + "release:\n  api: { image: \"" + registry + "/app-api\", envKey: API_IMAGE }\n"
                + "  worker: { image: \"" + registry + "/app-worker\", envKey: WORKER_IMAGE }\n"
                + "rollback: auto\n");
        release = RemoteFixture.write(local.resolve("release.json"),
                "{\"api\":\"" + api + "\",\"worker\":\"" + worker + "\"}");
    }

    @AfterAll
    static void stop() {
        if (ghcr != null) {
            ghcr.close();
        }
    }

    @Test
    void noCommandWritesAnySecretInAnyForm() throws Exception {
        Path work = Files.createDirectories(local.resolve("work"));
        Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nRUN echo never\n");
        Files.writeString(work.resolve("leaky.env"), "TOKEN=" + LISTED_SECRET + "\n");
        Files.createDirectories(work.resolve("reports"));
        git(work, "init", "-q");
        git(work, "add", "-A");
        git(work, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "leak");
        String gateCheck = "echo \"$REGISTRY_USERNAME $REGISTRY_PASSWORD $APP_GREETING $LEAK_LISTED\"; "
                + "printf '%s\\n' \"$LEAK_CONTROL\"; printf %s \"$REGISTRY_USERNAME:$REGISTRY_PASSWORD\" | base64; "
                + "printf '%s\\n' \"$APP_GREETING\" | base64; printf '{\"p\":\"%s\"}\\n' \"$LEAK_CONTROL\"; exit 3";
        String ghcrRef = ghcr.host() + "/owner/leak";
        String sha = gitHead(work);

        run("gate", "--json", "--junit", "reports/gate.xml", "--check", "leak=" + gateCheck);
        run("build", "--json", "--push", repositoryFlag("build"), ghcrRef,
                flag("build", "--dockerfile", "--file"), "Dockerfile", "--context", ".", "--commit", sha,
                "--platform", "linux/amd64", "--allow-dirty", "--docker", "/usr/bin/docker");
        run("push", "--json", repositoryFlag("push"), ghcrRef, "--commit", sha, "--allow-dirty",
                "--platform", "linux/amd64", "--docker", "/usr/bin/docker");
        run("digest", "--json", ghcrRef + ":missing");
        run("digest", "--json", ghcr.host() + "/owner/never@sha256:" + "b".repeat(64));
        run("promote", "--json", "--source", ghcrRef + "@sha256:" + "c".repeat(64), "--tag", "staging");
        run("validate-env", "--json", "--profile", profile.toString(), "--identity-file", host.sshd.clientKey().toString());
        Path envOut = local.resolve("rendered.env");
        run("render-env", "--json", "--profile", profile.toString(), "--output", envOut.toString(), "--release",
                release.toString());
        assertThat(Files.readString(envOut)).as("the secret was in play").contains(PROFILE_SECRET);
        Files.delete(envOut); // the one file meant to hold it
        String key = host.sshd.clientKey().toString();
        run("bootstrap", "--json", "--profile", profile.toString(), "--identity-file", key);
        Result deploy = run("deploy", "--json", "--profile", profile.toString(), "--identity-file", key, "--release",
                release.toString());
        assertThat(deploy.exitCode()).as("a real deploy: " + deploy.all()).isZero();
        Path absent = RemoteFixture.write(local.resolve("absent.json"), Files.readString(release)
                .replaceAll("sha256:[0-9a-f]{64}", "sha256:" + "d".repeat(64)));
        Result failed = run("deploy", "--json", "--profile", profile.toString(), "--identity-file", key, "--release",
                absent.toString());
        assertThat(failed.exitCode()).as("a deploy failing on the host: " + failed.all()).isNotZero();
        run("deploy", "--json", "--plan", "--profile", profile.toString(), "--identity-file", key, "--release",
                release.toString());
        run("rollback", "--json", "--plan", "--profile", profile.toString(), "--identity-file", key);
        run("promote", "--json", "--plan", "--source", ghcrRef + "@sha256:" + "e".repeat(64), "--tag", "prod");
        run("status", "--json", "--profile", profile.toString(), "--identity-file", key);
        run("logs", "--json", "--profile", profile.toString(), "--identity-file", key, "--service", "api");
        run("rollback", "--json", "--profile", profile.toString(), "--identity-file", key);
        run("scan-keys", "--json", flag("scan-keys", "--source-dir", "--repo"), ".");
        run("check-versions", "--json", "--regex", "leaky.env=TOKEN=(.*)", "--regex", "Dockerfile=(never)");
        run("check-migrations", "--json", flag("check-migrations", "--source-dir", "--dir"), "missing");
        run("check-lockfile", "--json", "--lockfile", "leaky.env");

        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(work, local, project)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).filter(p -> !isKeptOnPurpose(p)).forEach(files::add);
            }
        }
        Map<String, String> written = new LinkedHashMap<>(outputs);
        written.put("sshd log", host.sshd.log());
        for (Path f : files) {
            written.put(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        List<String> leaks = new ArrayList<>();
        for (String secret : SECRETS) {
            for (Map.Entry<String, String> form : forms(secret).entrySet()) {
                formsChecked++;
                for (Map.Entry<String, String> w : written.entrySet()) {
                    if (w.getValue().contains(form.getValue())) {
                        leaks.add(form.getKey() + " of " + secret.replaceAll("\\p{Cntrl}", "^") + " in " + w.getKey());
                    }
                }
            }
        }
        System.out.printf("SecretLeakIT: %d engine runs (%s), %d secret forms, %d texts and files searched%n",
                commandsRun.size(), String.join(" ", commandsRun), formsChecked, written.size());
        if (!leaks.isEmpty()) {
            outputs.forEach((name, text) -> System.out.println("--- " + name + "\n" + text));
        }
        assertThat(leaks).isEmpty();
        assertThat(written.keySet()).anyMatch(name -> name.endsWith("reports/gate.xml"));
        assertThat(commandsRun).hasSizeGreaterThanOrEqualTo(21);
        assertThat(outputs.values()).as("the user name is not masked").anyMatch(text -> text.contains(USER + " ****"));
    }

    private static final Map<String, String> outputs = new LinkedHashMap<>();

    private Result run(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", REGISTRY_PASSWORD);
        env.put("INVENTIV_SECRET_VARS", "LEAK_LISTED, LEAK_CONTROL");
        env.put("LEAK_LISTED", LISTED_SECRET);
        env.put("LEAK_CONTROL", CONTROL_SECRET);
        if (List.of(args).contains("--profile")) {
            // A profile secret is known to the commands that read the profile; the Jenkins steps bind
            // it (withCredentials) only around those, and list it in INVENTIV_SECRET_VARS elsewhere.
            env.put("APP_GREETING", PROFILE_SECRET);
        }
        env.put("APP_HOST", "127.0.0.1");
        env.put("APP_PORT", Integer.toString(host.sshd.port()));
        env.put("TMPDIR", local.resolve("tmp").toString());
        env.put("DOCKER_CONFIG", local.resolve("docker-config").toString());
        env.putAll(host.docker.env());
        try {
            Files.createDirectories(local.resolve("tmp"));
            Files.createDirectories(local.resolve("docker-config"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result r = EngineProcess.run(env, null, local.resolve("work"), args);
        String name = args[0] + "#" + commandsRun.size();
        commandsRun.add(args[0] + "=" + r.exitCode());
        outputs.put(name + " stdout", r.stdout());
        outputs.put(name + " stderr", r.stderr());
        return r;
    }

    /** The single image's repository: --repository once image sets moved to --repository-prefix, else --image. */
    private static String repositoryFlag(String command) {
        return flag(command, "--repository-prefix", "--image").equals("--image") ? "--image" : "--repository";
    }

    private static String gitHead(Path dir) throws Exception {
        Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD").start();
        String sha = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return sha;
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("git " + List.of(args)).isZero();
    }

    /** A flag under its new name (docs/cli.md) when the command has it, else under its old one. */
    private static final Map<String, String> HELP = new HashMap<>();

    private static String flag(String command, String renamed, String old) {
        String help = HELP.computeIfAbsent(command, c -> EngineProcess.run(null, null, c, "--help").all());
        return help.contains(renamed + " ") || help.contains(renamed + "=") ? renamed : old;
    }

    /** The live env file and the releases kept for rollback hold the secrets by design. */
    private static boolean isKeptOnPurpose(Path p) {
        String s = p.toString();
        return p.getFileName().toString().equals(".env") || s.contains("/releases/")
                || p.getFileName().toString().equals("leaky.env");
    }

    /** Raw, base64 (padded or not, url-safe), docker's base64(user:password), JSON-escaped (both spellings), URL-encoded. */
    static Map<String, String> forms(String secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.put("raw", secret);
        forms.put("marker", secret.substring(secret.indexOf("Leak"), secret.indexOf("Leak") + 6));
        forms.put("base64", Base64.getEncoder().encodeToString(bytes));
        forms.put("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.put("base64(secret\\n) stem", Base64.getEncoder().encodeToString((secret + "\n").getBytes(StandardCharsets.UTF_8))
                .substring(0, 16));
        forms.put("base64(user:secret)", Base64.getEncoder().encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        forms.put("json \\b", secret.replace("\b", "\\b").replace("\u0001", "\\u0001"));
        forms.put("json \\u0008", secret.replace("\b", "\\u0008").replace("\u0001", "\\u0001"));
        forms.put("url-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        return forms;
    }
}
