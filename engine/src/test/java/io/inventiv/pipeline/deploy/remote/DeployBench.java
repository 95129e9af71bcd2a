package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * bench/deploy: SSH handshakes per deploy and the deploy's wall time outside the host-side run
 * (so without the docker work), against the same steps done as separate ssh/scp calls as the
 * team's scripts make them. Not part of the suite (no *IT/*Test suffix); bench/deploy/run.sh runs it.
 */
class DeployBench {
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @Test
    void measure() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api = host.image("app-api", "v1", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Setup s = host.setup("bench", "");
        List<String> deploy = host.argv("deploy", s.target(), "--env-file", s.env().toString(), "--build", "bench",
                "--image", "api=" + api, "--image", "worker=" + worker);
        assertThat(run(host, deploy).exitCode()).isZero(); // warm-up: pulls and creates the containers

        long jvm = median(repeat(() -> time(() -> host.engine(Map.of(), "--version"))));
        List<Long> walls = new ArrayList<>();
        List<Long> overheads = new ArrayList<>();
        List<Integer> handshakes = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            int before = host.sshd.handshakes();
            long t0 = System.nanoTime();
            Result r = run(host, deploy);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.exitCode()).as(r.all()).isZero();
            JsonNode h = new ObjectMapper().readTree(r.stdout()).at("/hosts/0");
            walls.add(wall);
            overheads.add(wall - h.get("hostMillis").asLong());
            handshakes.add(host.sshd.handshakes() - before);
        }

        // The team's way: one ssh/scp process per step; the docker steps replaced by `true` so only
        // the transport is timed (same key, same strict host key checking).
        Path kh = host.sshd.knownHosts();
        List<String> ssh = List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + kh,
                "-i", host.sshd.clientKey().toString(), "-p", Integer.toString(host.sshd.port()), "root@127.0.0.1");
        List<String> scp = List.of("scp", "-q", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + kh,
                "-i", host.sshd.clientKey().toString(), "-P", Integer.toString(host.sshd.port()));
        String dir = host.work.resolve("bench-separate").toString();
        List<Long> separate = new ArrayList<>();
        List<Integer> separateHandshakes = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            int before = host.sshd.handshakes();
            long t0 = System.nanoTime();
            Processes.run(plus(ssh, "mkdir -p " + dir));
            Processes.run(plus(scp, s.env().toString(), "root@127.0.0.1:" + dir + "/.env"));
            Processes.run(plus(scp, s.local().resolve("docker-compose.yml").toString(), "root@127.0.0.1:" + dir + "/docker-compose.yml"));
            Processes.run(plus(ssh, "true docker login"));
            Processes.run(plus(ssh, "true docker-compose pull"));
            Processes.run(plus(ssh, "true docker-compose up -d"));
            separate.add((System.nanoTime() - t0) / 1_000_000);
            separateHandshakes.add(host.sshd.handshakes() - before);
        }

        List<Long> single = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            Processes.run(plus(ssh, "true"));
            single.add((System.nanoTime() - t0) / 1_000_000);
        }
        String load = Files.readString(Path.of("/proc/loadavg")).strip();

        String table = "| | handshakes per deploy | wall time outside the host-side docker work (median of " + ROUNDS + ") |\n"
                + "|---|---|---|\n"
                + "| engine `deploy` (JVM start included) | " + handshakes + " | " + median(overheads) + " ms |\n"
                + "| engine `deploy`, JVM start excluded | | " + (median(overheads) - jvm) + " ms (JVM start " + jvm + " ms) |\n"
                + "| six separate ssh/scp calls | " + separateHandshakes + " | " + median(separate) + " ms |\n"
                + "| one `ssh host true` (the floor: one handshake + one session) | 1 | " + median(single) + " ms |\n"
                + "\nload average during the run: " + load + " (2 cores shared with other jobs)\n"
                + "\nengine deploy wall time incl. docker work (no-op redeploy): median " + median(walls) + " ms\n";
        System.out.println(table);
        Path out = Path.of(System.getProperty("bench.out", "engine/target/bench-deploy.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
    }

    static Result run(RemoteFixture host, List<String> argv) {
        return host.engine(Map.of(), argv.toArray(String[]::new));
    }

    interface Timed {
        long run() throws Exception;
    }

    static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static List<Long> repeat(Timed t) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            out.add(t.run());
        }
        return out;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static List<String> plus(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }
}
