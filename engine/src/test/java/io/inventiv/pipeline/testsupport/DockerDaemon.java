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

    /**
     * Removes every container, then stops the daemon. Containers run under containerd shims that
     * are not the daemon's descendants: stopping the daemon's process tree alone left them (and
     * the tests' busybox loops) running after the build.
     */
    void stop() {
        removeAllContainers();
        Processes.stop(process);
        killOrphanedShims();
        // vfs layers can be large; the directory goes with the daemon.
        Processes.deleteTree(dir);
    }

    private void removeAllContainers() {
        try {
            Process ids = new ProcessBuilder("/usr/bin/docker", "-H", host(), "ps", "-aq").redirectErrorStream(true)
                    .start();
            List<String> all = new String(ids.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
            ids.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            if (!all.isEmpty()) {
                List<String> rm = new java.util.ArrayList<>(List.of("/usr/bin/docker", "-H", host(), "rm", "-f"));
                rm.addAll(all);
                new ProcessBuilder(rm).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            // the daemon is gone already: the shims are killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Any containerd shim of this daemon still alive, with its container's processes. */
    private void killOrphanedShims() {
        String execRoot = dir.resolve("exec").toString();
        ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("containerd-shim") && c.contains(execRoot))
                        .orElse(false))
                .forEach(shim -> {
                    shim.descendants().forEach(ProcessHandle::destroyForcibly);
                    shim.destroyForcibly();
                });
    }
}
