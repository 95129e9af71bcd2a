package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * After deploys that succeed, fail and find the lock held, the host holds the rendered secrets
 * only in the live env file, the live secret files and the env files of the kept releases: every
 * file under the remote directory is read and searched for the values. Run directories are
 * pruned like releases.
 */
class RemoteSecretCopiesIT {
    static final String ENV_SECRET = "envSecret-Zq81-distinctive";
    static final String FILE_SECRET = "fileSecret-Kw27-distinctive";
    static final int KEEP = 2;

    @Test
    void renderedSecretsStayOnlyInTheLiveFilesAndTheKeptReleases() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api = host.image("app-api", "v1", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Path certFails = host.work.resolve("secrets-cert-fails");
        Path secretsDir = host.work.resolve("copies-secrets");
        Setup s = host.setup("copies", "secretsDir: " + secretsDir + "\nkeepReleases: " + KEEP + "\n"
                + "certHook: \"[ ! -e " + certFails + " ]\"\n");
        Path secrets = Files.createDirectories(s.local().resolve("secrets"));
        RemoteFixture.write(secrets.resolve("db_password"), FILE_SECRET + "\n");

        for (int i = 1; i <= 3; i++) {
            assertThat(deploy(host, s, "ok-" + i, api, worker, secrets).exitCode()).isZero();
        }
        // A failure before the swap, and a deploy that finds the lock held: their copies go too.
        Files.writeString(certFails, "");
        Result failed = deploy(host, s, "failing", api, worker, secrets);
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        Files.delete(certFails);
        Process holder = RemoteFixture.holdLock(s.project().resolve(".inventiv"));
        try {
            Result held = deploy(host, s, "held", api, worker, secrets, "--lock-wait", "1s");
            assertThat(held.exitCode()).as(held.all()).isEqualTo(3);
            assertThat(secretsIn(s.project())).noneMatch(p -> p.toString().contains("/runs/"));
        } finally {
            RemoteFixture.release(holder);
        }
        Result last = deploy(host, s, "ok-4", api, worker, secrets);
        assertThat(last.exitCode()).as(last.all()).isZero();

        Path state = s.project().resolve(".inventiv");
        List<String> kept = names(state.resolve("releases"));
        assertThat(kept).hasSize(KEEP);
        Set<Path> allowed = new java.util.HashSet<>(Set.of(s.project().resolve(".env")));
        kept.forEach(id -> allowed.add(state.resolve("releases").resolve(id).resolve("env")));
        assertThat(secretsIn(s.project())).as("files holding a secret").isNotEmpty().allMatch(allowed::contains);
        assertThat(secretsIn(secretsDir)).containsExactly(secretsDir.resolve("db_password"));
        // The last KEEP runs keep their log and status; no upload is left half-way.
        List<String> runs = names(state.resolve("runs"));
        assertThat(runs).hasSize(KEEP).noneMatch(n -> n.startsWith("."));
        String lastRun = "deploy-" + new ObjectMapper().readTree(last.stdout()).get("releaseId").asText();
        assertThat(runs).contains(lastRun);
        assertThat(names(state.resolve("runs").resolve(lastRun))).contains("log", "exit").doesNotContain("files", "previous");
    }

    private static Result deploy(RemoteFixture host, Setup s, String build, String api, String worker, Path secrets,
                                 String... more) {
        // A different GREETING per build: a different release each time.
        Path env = RemoteFixture.write(s.local().resolve(build + ".env"),
                "GREETING='" + build + "'\nDB_TOKEN='" + ENV_SECRET + "'\n");
        List<String> argv = new ArrayList<>(host.deployArgv(s.target(), env, build, api, worker,
                "--secrets-dir", secrets.toString()));
        argv.addAll(List.of(more));
        return host.engine(Map.of(), argv.toArray(String[]::new));
    }

    /** Every regular file under root whose bytes hold either secret. */
    static List<Path> secretsIn(Path root) throws Exception {
        byte[] a = ENV_SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] b = FILE_SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    return text.contains(new String(a, StandardCharsets.ISO_8859_1))
                            || text.contains(new String(b, StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException e) {
                    return false; // a file removed while walking
                }
            }).toList();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> l = Files.list(dir)) {
            return l.map(p -> p.getFileName().toString()).toList();
        }
    }
}
