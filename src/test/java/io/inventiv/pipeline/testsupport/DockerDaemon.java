package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real dockerd (Debian docker.io, BuildKit built in) with its own data and exec roots,
 * vfs storage, no iptables and no bridge, shared by all tests of one JVM and stopped at exit.
 * Containers it runs need {@code --network none} / {@code network_mode: none}.
 */
public final class DockerDaemon {
    private static DockerDaemon shared;

    private final Path dir;
    private final Process process;

    private DockerDaemon(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static synchronized DockerDaemon shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static DockerDaemon start() {
        try {
            // Short path: the unix socket path must stay under 108 bytes.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "dk");
            Process p = new ProcessBuilder("dockerd",
                    "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("docker.pid").toString(),
                    "-H", "unix://" + dir.resolve("docker.sock"),
                    "--storage-driver", "vfs", "--iptables=false", "--ip6tables=false", "--bridge=none")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dockerd.log").toFile())
                    .start();
            DockerDaemon d = new DockerDaemon(dir, p);
            d.awaitReady(Duration.ofSeconds(60));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** DOCKER_HOST for clients of this daemon. */
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", host(), "DOCKER_BUILDKIT", "1");
    }

    public Path log() {
        return dir.resolve("dockerd.log");
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dockerd exited; see " + log());
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/docker", "-H", host(), "version"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                if (pb.start().waitFor() == 0) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            FreePort.sleep(250);
        }
        throw new IllegalStateException("dockerd not ready after " + timeout + "; see " + log());
    }

    void stop() {
        Processes.stop(process);
        // vfs layers can be large; the directory goes with the daemon.
        Processes.deleteTree(dir);
    }
}
