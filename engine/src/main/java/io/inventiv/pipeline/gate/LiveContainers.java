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
    private boolean terminating;

    LiveContainers(DockerRunCommand docker, CommandRunner runner) {
        this.docker = docker;
        this.runner = runner;
    }

    /**
     * Lists a container about to start. Whether it may start at all is the gate's one start guard's
     * decision ({@link CheckStarts}), which closes before {@link #terminate} takes the list.
     */
    synchronized void started(String name) {
        names.add(name);
    }

    /** Drops a container whose client exited; kept once terminating, as the clients' deaths then prove nothing. */
    synchronized void ended(String name) {
        if (!terminating) {
            names.remove(name);
        }
    }

    /** Freezes the list (a killed client proves nothing then) and returns the containers that may exist. */
    synchronized List<String> terminate() {
        terminating = true;
        return new ArrayList<>(names);
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

    /** Removes these containers with one docker call. */
    String remove(List<String> containers) {
        if (containers.isEmpty()) {
            return null;
        }
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
