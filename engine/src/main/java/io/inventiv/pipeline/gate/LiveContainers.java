package io.inventiv.pipeline.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * The containers of this gate run that may still exist. Killing a {@code docker run} client
 * leaves its container running (the daemon owns it), so a check that timed out, was stopped by
 * fail-fast or outlived an aborted engine has its container removed by name.
 */
final class LiveContainers {
    private final DockerRunCommand docker;
    private final CommandRunner runner;
    private final Set<String> names = new LinkedHashSet<>();

    LiveContainers(DockerRunCommand docker, CommandRunner runner) {
        this.docker = docker;
        this.runner = runner;
    }

    synchronized void started(String name) {
        names.add(name);
    }

    synchronized void ended(String name) {
        names.remove(name);
    }

    /**
     * Removes one container (docker rm --force). Runs even in a thread interrupted by fail-fast: the
     * interrupt is set aside for the removal and restored afterwards. Returns docker's complaint,
     * or null when the container is gone.
     */
    String remove(String name) {
        String problem = remove(List.of(name));
        if (problem == null) {
            ended(name);
        }
        return problem;
    }

    /** Removes every container still listed, with one docker call (the engine is being terminated). */
    void removeAll() {
        List<String> left;
        synchronized (this) {
            left = new ArrayList<>(names);
        }
        if (!left.isEmpty()) {
            remove(left);
        }
    }

    private String remove(List<String> containers) {
        boolean interrupted = Thread.interrupted();
        try {
            ProcessResult r = runner.run(docker.remove(containers));
            boolean gone = r.ok() || r.stderr().contains("No such container");
            return gone ? null : "docker rm --force exited " + r.exitCode() + ": " + r.tail(1);
        } catch (RuntimeException e) {
            return "docker rm --force: " + e.getMessage();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
