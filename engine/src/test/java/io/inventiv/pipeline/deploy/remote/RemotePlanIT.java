package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * {@code deploy --plan} and {@code rollback --plan} against the real sshd, dockerd, compose and
 * registry: the plan says what the next real deploy (or rollback) then does, a plan changes
 * nothing on the host (files, modes, times, containers, images), and a secret changed between
 * releases shows only as its key name.
 */
class RemotePlanIT {
    static RemoteFixture host;
    static String api1;
    static String api2;
    static String worker1;

    @BeforeAll
    static void start() {
        host = RemoteFixture.shared();
        api1 = host.image("app-api", "v1", "healthy");
        api2 = host.image("app-api", "v2", "healthy");
        worker1 = host.image("app-worker", "v1", "healthy");
    }

    @Test
    void thePlanSaysWhatTheDeployThenDoesChangesNothingAndNamesSecretsOnlyByKey() throws Exception {
        String oldSecret = "old-db-secret-" + System.nanoTime();
        String newSecret = "new-db-secret-" + System.nanoTime();
        Path hostSecrets = host.work.resolve("plan-secrets");
        Setup s = host.setup("plan", "secretsDir: " + hostSecrets + "\n");
        Path env1 = RemoteFixture.write(s.local().resolve("one.env"),
                "GREETING='hello'\nDB_PASSWORD='" + oldSecret + "'\nOLD_FLAG=1\n");
        Path files1 = Files.createDirectories(s.local().resolve("secrets1"));
        RemoteFixture.write(files1.resolve("same.key"), "same-file-" + oldSecret);
        RemoteFixture.write(files1.resolve("tls.key"), "tls-file-" + oldSecret);

        // A fresh host: nothing deployed, the project directory empty.
        Map<String, String> fresh = snapshot(s.project());
        Result first = plan("deploy", s, env1, api1, worker1, "--secrets-dir", files1.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(snapshot(s.project())).as("a plan on a fresh host writes nothing").isEqualTo(fresh);
        JsonNode h = json(first).at("/hosts/0");
        assertThat(json(first).get("plan").asBoolean()).isTrue();
        assertThat(json(first).get("changes").asBoolean()).isTrue();
        assertThat(h.get("runningRelease").isNull()).isTrue();
        assertThat(services(h)).containsEntry("api", "new  -> " + api1).containsEntry("worker", "new  -> " + worker1);
        assertThat(h.at("/env/file").asText()).isEqualTo("new");
        assertThat(strings(h.at("/env/added"))).containsExactly("GREETING", "DB_PASSWORD", "OLD_FLAG", "API_IMAGE",
                "WORKER_IMAGE");
        assertThat(h.get("compose").asText()).isEqualTo("new");
        assertThat(strings(h.at("/secretFiles/added"))).containsExactly("same.key", "tls.key");
        assertThat(hostSecrets).doesNotExist();
        assertThat(first.stderr()).contains("nothing deployed yet").contains("api:").contains("compose file: new");

        Result deployed = deploy(s, env1, api1, worker1, "--secrets-dir", files1.toString());
        assertThat(deployed.exitCode()).as(deployed.all()).isZero();
        assertThat(json(deployed).get("releaseId").asText()).isEqualTo(json(first).get("releaseId").asText());
        String release1 = json(deployed).get("releaseId").asText();

        // Release 2: api moves, worker stays; the secret changes, a key goes, a key comes; the compose file changes.
        Path env2 = RemoteFixture.write(s.local().resolve("two.env"),
                "GREETING='hello'\nDB_PASSWORD='" + newSecret + "'\nNEW_FLAG=yes\n");
        Files.writeString(s.local().resolve("docker-compose.yml"), host.read(s.local().resolve("docker-compose.yml"))
                + "# release 2\n");
        Path files2 = Files.createDirectories(s.local().resolve("secrets2"));
        RemoteFixture.write(files2.resolve("same.key"), "same-file-" + oldSecret);
        RemoteFixture.write(files2.resolve("tls.key"), "tls-file-" + newSecret);
        RemoteFixture.write(files2.resolve("new.key"), "new-file-" + newSecret);
        Map<String, String> secretsBefore = snapshotOf(hostSecrets);
        Map<String, String> before = snapshot(s.project());
        Map<String, String> containers = host.containerIds(s.project(), "api", "worker", "proxy");
        Map<String, String> envBefore = envLines(s.project().resolve(".env"));
        Result second;
        try (ArgvWatch oldWatch = new ArgvWatch(oldSecret); ArgvWatch newWatch = new ArgvWatch(newSecret)) {
            second = plan("deploy", s, env2, api2, worker1, "--secrets-dir", files2.toString());
            assertThat(oldWatch.samples()).isPositive();
            assertThat(oldWatch.hits()).isEmpty();
            assertThat(newWatch.hits()).isEmpty();
        }
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(snapshot(s.project())).as("the plan changed nothing on the host").isEqualTo(before);
        assertThat(snapshotOf(hostSecrets)).as("nor in the secrets directory").isEqualTo(secretsBefore);
        assertThat(host.containerIds(s.project(), "api", "worker", "proxy")).isEqualTo(containers);
        assertNoSecret(second, oldSecret, newSecret);
        assertThat(second.all()).contains("DB_PASSWORD");

        h = json(second).at("/hosts/0");
        assertThat(h.get("runningRelease").asText()).isEqualTo(release1);
        assertThat(services(h)).containsEntry("api", "update " + api1 + " -> " + api2)
                .containsEntry("worker", "unchanged " + worker1 + " -> " + worker1);
        assertThat(strings(h.at("/env/changed"))).containsExactly("DB_PASSWORD", "API_IMAGE");
        assertThat(strings(h.at("/env/added"))).containsExactly("NEW_FLAG");
        assertThat(strings(h.at("/env/removed"))).containsExactly("OLD_FLAG");
        assertThat(h.get("compose").asText()).isEqualTo("changed");
        assertThat(strings(h.at("/secretFiles/changed"))).containsExactly("tls.key");
        assertThat(strings(h.at("/secretFiles/added"))).containsExactly("new.key");
        assertThat(h.at("/secretFiles/unchanged").asInt()).isEqualTo(1);
        assertThat(second.stderr()).contains("changed DB_PASSWORD, API_IMAGE; added NEW_FLAG; removed OLD_FLAG")
                .contains("secret files: changed tls.key; added new.key");

        // The fingerprint is what the plan decides, not this run's salt: the same state planned again has the same
        // one. Another value for a key the host already sees as changed moves it (another release), the key lists do not.
        String fingerprint = json(second).get("fingerprint").asText();
        assertThat(fingerprint).matches("[0-9a-f]{64}").isNotEqualTo(json(first).get("fingerprint").asText());
        Result secondAgain = plan("deploy", s, env2, api2, worker1, "--secrets-dir", files2.toString());
        assertThat(secondAgain.exitCode()).as(secondAgain.all()).isZero();
        assertThat(json(secondAgain).get("fingerprint").asText()).isEqualTo(fingerprint);
        String rotatedSecret = "rotated-db-secret-" + System.nanoTime();
        Path env2rotated = RemoteFixture.write(s.local().resolve("two-rotated.env"),
                "GREETING='hello'\nDB_PASSWORD='" + rotatedSecret + "'\nNEW_FLAG=yes\n");
        Result rotated = plan("deploy", s, env2rotated, api2, worker1, "--secrets-dir", files2.toString());
        assertThat(rotated.exitCode()).as(rotated.all()).isZero();
        assertNoSecret(rotated, rotatedSecret, newSecret);
        assertThat(json(rotated).at("/hosts/0/env")).isEqualTo(h.get("env"));
        assertThat(json(rotated).at("/hosts/0/services")).isEqualTo(h.get("services"));
        assertThat(json(rotated).get("fingerprint").asText()).isNotEqualTo(fingerprint);
        assertThat(snapshot(s.project())).as("the extra plans changed nothing either").isEqualTo(before);

        // The real deploy does what the plan said.
        Map<String, String> runningBefore = running(s.project());
        String composeBefore = host.read(s.project().resolve("docker-compose.yml"));
        Result next = deploy(s, env2, api2, worker1, "--secrets-dir", files2.toString());
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(snapshot(s.project())).as("the snapshot sees a deploy's changes, so it would see a plan's").isNotEqualTo(before);
        assertThat(json(next).get("releaseId").asText()).isEqualTo(json(second).get("releaseId").asText());
        assertThat(changedServices(runningBefore, running(s.project()))).containsExactlyElementsOf(planned(h));
        assertEnvDiffIs(h, envBefore, envLines(s.project().resolve(".env")));
        assertThat(host.read(s.project().resolve("docker-compose.yml"))).isNotEqualTo(composeBefore);
        Map<String, String> secretsAfter = snapshotOf(hostSecrets);
        assertThat(changedFiles(secretsBefore, secretsAfter, hostSecrets)).containsExactly("new.key", "tls.key");

        // The same release again: the plan says nothing changes, and nothing does.
        Result again = plan("deploy", s, env2, api2, worker1, "--secrets-dir", files2.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(json(again).get("changes").asBoolean()).isFalse();
        assertThat(again.stderr()).contains("no change");
        assertThat(json(again).get("fingerprint").asText()).as("the host moved").isNotEqualTo(fingerprint);

        // rollback --plan: back to release 1, read from the host's kept files, and again nothing changed by it.
        before = snapshot(s.project());
        envBefore = envLines(s.project().resolve(".env"));
        runningBefore = running(s.project());
        Result back = host.remote("rollback", s.target(), "--plan");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(snapshot(s.project())).as("rollback --plan changed nothing").isEqualTo(before);
        assertNoSecret(back, oldSecret, newSecret);
        JsonNode b = json(back).at("/hosts/0");
        assertThat(json(back).get("kind").asText()).isEqualTo("rollback");
        assertThat(b.get("releaseId").asText()).isEqualTo(release1);
        assertThat(services(b)).containsEntry("api", "update " + api2 + " -> " + api1)
                .containsEntry("worker", "unchanged " + worker1 + " -> " + worker1);
        assertThat(strings(b.at("/env/changed"))).containsExactly("DB_PASSWORD", "API_IMAGE");
        assertThat(strings(b.at("/env/added"))).containsExactly("OLD_FLAG");
        assertThat(strings(b.at("/env/removed"))).containsExactly("NEW_FLAG");
        assertThat(b.get("compose").asText()).isEqualTo("changed");
        Result backAgain = host.remote("rollback", s.target(), "--plan");
        assertThat(backAgain.exitCode()).as(backAgain.all()).isZero();
        assertThat(json(backAgain).get("fingerprint").asText()).as("a rollback plan of the same state")
                .isEqualTo(json(back).get("fingerprint").asText()).isNotEqualTo(json(again).get("fingerprint").asText());

        Result rolled = host.remote("rollback", s.target());
        assertThat(rolled.exitCode()).as(rolled.all()).isZero();
        assertThat(changedServices(runningBefore, running(s.project()))).containsExactlyElementsOf(planned(b));
        assertEnvDiffIs(b, envBefore, envLines(s.project().resolve(".env")));
    }

    @Test
    void aRollbackPlanWithNothingToRollBackToFailsAndTheHumanPlanIsShort() throws Exception {
        Setup s = host.setup("plan-text", "");
        Result none = host.remote("rollback", s.target(), "--plan");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("no earlier successful release");
        assertThat(s.project().resolve(".inventiv")).doesNotExist();

        // Bad input is refused as the deploy refuses it: exit 2, one line naming the field, no connection.
        int handshakes = host.sshd.handshakes();
        Result bad = plan("deploy", s, s.env(), api1.replace("@sha256:", "@sha256:zz"), worker1);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("api");
        assertThat(host.sshd.handshakes()).isEqualTo(handshakes);

        List<String> argv = new ArrayList<>(host.argv("deploy", s.target(), "--plan", "--env-file", s.env().toString(),
                "--image", "api=" + api1, "--image", "worker=" + worker1));
        argv.remove("--json");
        Result text = host.engine(Map.of(), argv.toArray(String[]::new));
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertThat(text.stdout().strip().lines()).hasSizeLessThanOrEqualTo(6);
        assertThat(text.stdout()).startsWith("deploy plan for test, release ")
                .contains("root@127.0.0.1, nothing deployed yet")
                .contains("api:    new, sha256:" + api1.substring(api1.indexOf(':', api1.indexOf('@')) + 1,
                        api1.indexOf(':', api1.indexOf('@')) + 13))
                .contains("env file: new, keys GREETING, API_IMAGE, WORKER_IMAGE")
                .contains("compose file: new");
    }

    // --- helpers ---

    Result plan(String command, Setup s, Path env, String api, String worker, String... more) {
        List<String> args = new ArrayList<>(List.of("--plan", "--env-file", env.toString(), "--image", "api=" + api,
                "--image", "worker=" + worker));
        args.addAll(List.of(more));
        return host.remote(command, s.target(), args.toArray(String[]::new));
    }

    Result deploy(Setup s, Path env, String api, String worker, String... more) {
        List<String> args = new ArrayList<>(List.of("--env-file", env.toString(), "--image", "api=" + api,
                "--image", "worker=" + worker));
        args.addAll(List.of(more));
        return host.remote("deploy", s.target(), args.toArray(String[]::new));
    }

    /** The names of the files under {@code dir} whose content a step added or changed (the deploy rewrites them all). */
    static List<String> changedFiles(Map<String, String> before, Map<String, String> after, Path dir) {
        return after.keySet().stream().filter(k -> k.startsWith("file " + dir + "/"))
                .filter(k -> before.get(k) == null || !content(after.get(k)).equals(content(before.get(k))))
                .map(k -> k.substring(("file " + dir + "/").length())).sorted().toList();
    }

    private static String content(String snapshotLine) {
        return snapshotLine.substring(snapshotLine.lastIndexOf(' ') + 1);
    }

    static JsonNode json(Result r) throws IOException {
        return new ObjectMapper().readTree(r.stdout());
    }

    /** service → "change running -> next" of a host of the plan. */
    static Map<String, String> services(JsonNode host) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode s : host.get("services")) {
            out.put(s.get("service").asText(), s.get("change").asText() + " "
                    + (s.get("running").isNull() ? "" : s.get("running").asText()) + " -> " + s.get("next").asText());
        }
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The services the plan says the deploy moves to another digest. */
    static List<String> planned(JsonNode host) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : host.get("services")) {
            if (!s.get("change").asText().equals("unchanged")) {
                out.add(s.get("service").asText());
            }
        }
        return out;
    }

    /** The release services' running image references, read from the daemon. */
    Map<String, String> running(Path project) {
        Map<String, String> out = new TreeMap<>();
        for (String service : List.of("api", "worker")) {
            out.put(service, host.imageOf(project, service));
        }
        return out;
    }

    static List<String> changedServices(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).sorted().toList();
    }

    /** The plan's key lists are the difference between the host's env file before and after the deploy. */
    static void assertEnvDiffIs(JsonNode host, Map<String, String> before, Map<String, String> after) {
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> changed = new TreeSet<>();
        before.forEach((k, v) -> {
            if (after.containsKey(k) && !after.get(k).equals(v)) {
                changed.add(k);
            }
        });
        assertThat(new TreeSet<>(strings(host.at("/env/added")))).isEqualTo(added);
        assertThat(new TreeSet<>(strings(host.at("/env/removed")))).isEqualTo(removed);
        assertThat(new TreeSet<>(strings(host.at("/env/changed")))).isEqualTo(changed);
    }

    Map<String, String> envLines(Path env) {
        Map<String, String> out = new TreeMap<>();
        for (String line : host.read(env).split("\n")) {
            if (line.contains("=") && !line.startsWith("#")) {
                out.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** Neither secret, nor its base64, nor its plain sha256, in anything the engine printed. */
    static void assertNoSecret(Result r, String... secrets) throws Exception {
        for (String secret : secrets) {
            for (String value : List.of(secret, "'" + secret + "'")) {
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(StandardCharsets.UTF_8)));
                assertThat(r.all()).doesNotContain(secret)
                        .doesNotContain(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                        .doesNotContain(sha);
            }
        }
        assertThat(host.sshd.log()).doesNotContain(secrets[0]).doesNotContain(secrets[1]);
    }

    /**
     * Everything a plan could touch, as text: each path under the project (and the host's docker
     * config) with its type, mode, owner, size, modification time and content hash; each container
     * of the daemon with its state and start time; each image the daemon holds.
     */
    Map<String, String> snapshot(Path project) {
        Map<String, String> out = new TreeMap<>();
        out.putAll(snapshotOf(project));
        out.putAll(snapshotOf(host.work.resolve("docker-config")));
        String ids = host.images.docker(List.of("ps", "-aq", "--no-trunc")).strip();
        if (!ids.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("inspect", "-f",
                    "{{.Id}} {{.Name}} {{.State.Status}} {{.State.StartedAt}} {{.RestartCount}} {{.Image}}"));
            argv.addAll(List.of(ids.split("\\s+")));
            host.images.docker(argv).lines().forEach(l -> out.put("container " + l.substring(0, 64), l));
        }
        host.images.docker(List.of("image", "ls", "-a", "--digests", "--no-trunc", "--format",
                "{{.ID}} {{.Repository}} {{.Digest}}")).lines().forEach(l -> out.put("image " + l, l));
        return out;
    }

    /** Each path under {@code dir} with its type, mode, owner, size, time and content hash (empty when there is no dir). */
    static Map<String, String> snapshotOf(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        for (Path root : List.of(dir)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    String content = a.isRegularFile() ? HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "";
                    out.put("file " + p, (a.isDirectory() ? "d " : "f ") + PosixFilePermissions.toString(a.permissions())
                            + " " + a.owner() + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
