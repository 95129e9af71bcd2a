package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.Redactor;

/** Which containers the gate still has to remove, and that terminating freezes the list. */
class LiveContainersTest {
    @TempDir
    Path dir;

    /** A docker client that records its argv and says what docker says for an absent container. */
    private LiveContainers containers(Path log, String stderr, int exit) throws Exception {
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> '" + log + "'\necho '" + stderr + "' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return new LiveContainers(new DockerRunCommand(docker.toString(), "run1", "0:0"), new CommandRunner(new Redactor()));
    }

    @Test
    void onTerminationTheListIsFrozenAndEveryListedOneIsRemovedInOneCall() throws Exception {
        Path log = dir.resolve("argv");
        LiveContainers live = containers(log, "", 0);
        live.started("c-a");
        live.started("c-b");
        live.started("c-done");
        live.ended("c-done");

        List<String> left = live.terminate();
        live.ended("c-a"); // its client was killed: that proves nothing about the container

        assertThat(left).containsExactly("c-a", "c-b");
        assertThat(live.terminate()).containsExactly("c-a", "c-b");
        assertThat(live.remove(left)).isNull();
        assertThat(Files.readString(log)).isEqualTo("rm --force c-a c-b\n");
    }

    @Test
    void aContainerAlreadyGoneIsNotAProblemButAFailingDaemonIs() throws Exception {
        assertThat(containers(dir.resolve("a"), "Error: No such container: c-a", 1).remove("c-a")).isNull();
        assertThat(containers(dir.resolve("b"), "Cannot connect to the Docker daemon", 1).remove("c-a"))
                .isEqualTo("docker rm --force exited 1: Cannot connect to the Docker daemon");
    }

    @Test
    void aRemovalRunsEvenInAThreadInterruptedByFailFastAndKeepsTheInterrupt() throws Exception {
        Path log = dir.resolve("argv");
        LiveContainers live = containers(log, "", 0);
        Thread.currentThread().interrupt();
        try {
            assertThat(live.remove("c-a")).isNull();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readString(log)).isEqualTo("rm --force c-a\n");
    }
}
