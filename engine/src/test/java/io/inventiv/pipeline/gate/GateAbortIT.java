package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.Pids;

/** Aborting a build sends SIGTERM to the engine: the checks it started must not outlive it. */
class GateAbortIT {
    @TempDir
    Path repo;

    @Test
    void sigtermToTheEngineKillsTheRunningChecks() throws Exception {
        Process engine = new ProcessBuilder(List.of("java", "-jar", EngineProcess.jar().toString(), "gate",
                "--check", "long=sleep 300 & echo $! > sleeper.pid; wait"))
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(repo.resolve("engine.log").toFile())
                .start();
        try {
            Path pid = repo.resolve("sleeper.pid");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(Files.exists(pid) && Files.size(pid) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long sleeper = Pids.read(pid);

            engine.destroy(); // SIGTERM, as Jenkins sends on abort

            assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Pids.goneWithin(sleeper, Duration.ofSeconds(10))).as("check's sleep %d killed", sleeper).isTrue();
        } finally {
            Processes.stop(engine);
        }
    }
}
