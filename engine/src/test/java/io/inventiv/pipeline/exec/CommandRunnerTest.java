package io.inventiv.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.testsupport.Pids;

class CommandRunnerTest {

    private final Redactor redactor = new Redactor();
    private final CommandRunner runner = new CommandRunner(redactor);

    @Test
    void capturesStdoutAndStderrSeparatelyAndStreamsLines() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ProcessResult r = runner.run(Command.of("sh", "-c", "echo out1; echo err1 >&2; echo out2"),
                (s, line) -> seen.add(s + ":" + line));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("out1\nout2\n");
        assertThat(r.stderr()).isEqualTo("err1\n");
        assertThat(seen).contains("STDOUT:out1", "STDOUT:out2", "STDERR:err1");
    }

    @Test
    void passesEnvironmentOverridesAndRemovals() {
        Command c = Command.of("sh", "-c", "echo \"$A|${HOME:-unset}\"").withEnv("A", "value").withEnv("HOME", null);
        assertThat(runner.run(c).stdout()).isEqualTo("value|unset\n");
    }

    @Test
    void feedsStdinAndRunsInTheWorkDir(@TempDir Path dir) {
        Command c = Command.of("sh", "-c", "cat; pwd").withStdin("from stdin\n".getBytes(StandardCharsets.UTF_8))
                .withWorkDir(dir);
        assertThat(runner.run(c).stdout()).isEqualTo("from stdin\n" + realPath(dir) + "\n");
    }

    @Test
    void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Command c = Command.of("sh", "-c", "sleep 300 & echo $! > '" + pidFile + "'; wait")
                .withTimeout(Duration.ofMillis(500));

        ProcessResult r = runner.run(c);

        assertThat(r.timedOut()).isTrue();
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(Pids.goneWithin(child, Duration.ofSeconds(5))).as("child sleep %d killed", child).isTrue();
    }

    @Test
    void redactsSecretsInStreamedAndCapturedOutput() {
        redactor.add("hunter2-secret");
        List<String> seen = new CopyOnWriteArrayList<>();
        ProcessResult r = runner.run(Command.of("sh", "-c", "echo \"pw=$PW\"; echo \"$PW\" >&2").withEnv("PW", "hunter2-secret"),
                (s, line) -> seen.add(line));

        assertThat(r.stdout() + r.stderr() + seen).doesNotContain("hunter2-secret").contains("pw=****");
    }

    @Test
    void runCheckedNamesTheActionAndTheTailOfTheOutput() {
        assertThatThrownBy(() -> runner.runChecked(Command.of("sh", "-c", "echo boom >&2; exit 3"),
                OutputListener.NONE, "build api"))
                .isInstanceOf(EngineException.class)
                .hasMessage("build api: sh exited 3: boom");
    }

    @Test
    void missingProgramIsAClearFailure() {
        assertThatThrownBy(() -> runner.run(Command.of("no-such-program-xyz")))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("cannot start no-such-program-xyz");
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
