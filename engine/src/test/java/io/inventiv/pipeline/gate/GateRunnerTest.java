package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.Redactor;
import io.inventiv.pipeline.testsupport.Pids;

/** The gate runner on real processes: ordering, skipping, parallelism, fail-fast, timeouts. */
class GateRunnerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private CheckSpec sh(String name, String script, String... needs) {
        return sh(name, script, Duration.ofSeconds(30), needs);
    }

    private CheckSpec sh(String name, String script, Duration timeout, String... needs) {
        return new CheckSpec(name, List.of("sh", "-c", script), dir, Map.of(), timeout, List.of(needs), "--check " + name);
    }

    private List<CheckResult> run(int parallel, boolean failFast, CheckSpec... checks) {
        PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
        return new GateRunner(new CommandRunner(new Redactor()), parallel, failFast, progress).run(GatePlan.of(List.of(checks)));
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passingAndFailingChecksAreReportedWithExitCodesAndPrefixedOutput() {
        List<CheckResult> results = run(2, false,
                sh("ok", "echo all good"),
                sh("broken", "echo 'error: expected ;' >&2; exit 101"));

        assertThat(results).extracting(CheckResult::name, CheckResult::status, CheckResult::exitCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ok", CheckStatus.PASSED, 0),
                        org.assertj.core.groups.Tuple.tuple("broken", CheckStatus.FAILED, 101));
        assertThat(results.get(1).tail()).containsExactly("error: expected ;");
        assertThat(log()).contains("[ok]     all good").contains("[broken] error: expected ;");
    }

    @Test
    void aCheckStartsOnlyAfterWhatItNeedsHasPassed() {
        // 'use' would fail if it started before 'make' finished writing the file.
        List<CheckResult> results = run(4, false,
                sh("use", "test \"$(cat made)\" = done", "make"),
                sh("make", "sleep 0.5; echo done > made"));

        assertThat(results).extracting(CheckResult::status).containsExactly(CheckStatus.PASSED, CheckStatus.PASSED);
    }

    @Test
    void aCheckWhoseNeedFailedIsSkippedAndSoAreItsDependents() throws Exception {
        List<CheckResult> results = run(2, false,
                sh("compile", "exit 1"),
                sh("test", "touch test-ran", "compile"),
                sh("package", "touch package-ran", "test"),
                sh("lint", "true"));

        assertThat(results).extracting(CheckResult::status).containsExactly(
                CheckStatus.FAILED, CheckStatus.SKIPPED, CheckStatus.SKIPPED, CheckStatus.PASSED);
        assertThat(results.get(1).reason()).isEqualTo("needs compile, which did not pass");
        assertThat(results.get(2).reason()).isEqualTo("needs test, which was skipped");
        assertThat(dir.resolve("test-ran")).doesNotExist();
        assertThat(dir.resolve("package-ran")).doesNotExist();
    }

    @Test
    void independentChecksRunAtTheSameTime() {
        // Each check waits (up to 20 s) for the other's marker: both pass only if they overlap.
        String meet = "touch %s; i=0; while [ ! -e %s ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; test -e %s";
        List<CheckResult> results = run(2, false,
                sh("left", String.format(meet, "left.up", "right.up", "right.up")),
                sh("right", String.format(meet, "right.up", "left.up", "left.up")));

        assertThat(results).extracting(CheckResult::status).containsOnly(CheckStatus.PASSED);
    }

    @Test
    void withParallelOneChecksRunOneAfterAnother() {
        // A running count above one would mean two checks overlapped.
        String probe = "mkdir running.lock 2>/dev/null || { echo overlap; exit 1; }; sleep 0.3; rmdir running.lock";
        List<CheckResult> results = run(1, false, sh("a", probe), sh("b", probe), sh("c", probe));

        assertThat(results).extracting(CheckResult::status).containsOnly(CheckStatus.PASSED);
    }

    @Test
    void timeoutKillsTheChecksWholeProcessTree() throws Exception {
        Path pid = dir.resolve("grandchild.pid");
        List<CheckResult> results = run(1, false,
                sh("hang", "sh -c 'sleep 300 & echo $! > grandchild.pid; wait' & wait", Duration.ofMillis(800)));

        CheckResult hang = results.get(0);
        assertThat(hang.status()).isEqualTo(CheckStatus.TIMED_OUT);
        assertThat(hang.exitCode()).isNull();
        assertThat(hang.reason()).startsWith("timed out after 800ms");
        assertThat(Pids.goneWithin(Pids.read(pid), Duration.ofSeconds(5))).as("grandchild sleep killed").isTrue();
    }

    @Test
    void failFastStopsRunningChecksAndStartsNoMore() throws Exception {
        Path pid = dir.resolve("slow.pid");
        List<CheckResult> results = run(2, true,
                sh("slow", "sleep 300 & echo $! > slow.pid; wait"),
                sh("fails", "while [ ! -s slow.pid ]; do sleep 0.05; done; exit 2"),
                sh("later", "touch later-ran"));

        assertThat(results).extracting(CheckResult::status)
                .containsExactly(CheckStatus.SKIPPED, CheckStatus.FAILED, CheckStatus.SKIPPED);
        assertThat(results.get(0).reason()).startsWith("stopped by --fail-fast");
        assertThat(results.get(2).reason()).isEqualTo("not started: --fail-fast after fails failed");
        assertThat(dir.resolve("later-ran")).doesNotExist();
        assertThat(Pids.goneWithin(Pids.read(pid), Duration.ofSeconds(10))).as("slow check's sleep killed").isTrue();
    }

    @Test
    void withoutFailFastEveryIndependentCheckRuns() {
        List<CheckResult> results = run(1, false, sh("fails", "exit 1"), sh("later", "touch later-ran"));

        assertThat(results).extracting(CheckResult::status).containsExactly(CheckStatus.FAILED, CheckStatus.PASSED);
        assertThat(dir.resolve("later-ran")).exists();
    }

    @Test
    void aProgramThatCannotStartIsAFailedCheckNotACrash() {
        CheckSpec missing = new CheckSpec("ghost", List.of("no-such-program-xyz"), dir, Map.of(), Duration.ofSeconds(5),
                List.of(), "--check ghost");
        List<CheckResult> results = run(1, false, missing);

        assertThat(results.get(0).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(results.get(0).reason()).contains("cannot start no-such-program-xyz");
    }

    @Test
    @Timeout(60)
    void aCheckWhoseThreadThrowsFailsAndTheGateEndsInsteadOfHanging() {
        // A timeout of Long.MAX_VALUE seconds overflows when the runner turns it into milliseconds
        // (what `gate --timeout 9999999999999999` reached): the check's thread throws.
        CheckSpec overflow = sh("overflow", "true", Duration.ofSeconds(Long.MAX_VALUE));
        List<CheckResult> results = run(2, false, overflow, sh("after", "true", "overflow"), sh("other", "echo fine"));

        assertThat(results).extracting(CheckResult::status)
                .containsExactly(CheckStatus.FAILED, CheckStatus.SKIPPED, CheckStatus.PASSED);
        assertThat(results.get(0).reason()).startsWith("the engine could not run this check: ").contains("overflow");
        assertThat(results.get(1).reason()).isEqualTo("needs overflow, which did not pass");
        assertThat(log()).contains("[overflow] --- failed: the engine could not run this check");
    }

    @Test
    @Timeout(60)
    void aThrowingCheckUnderFailFastStopsTheOthersInsteadOfHanging() {
        List<CheckResult> results = run(2, true, sh("overflow", "true", Duration.ofSeconds(Long.MAX_VALUE)),
                sh("slow", "sleep 30"));

        assertThat(results.get(0).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(results.get(1).status()).isEqualTo(CheckStatus.SKIPPED);
    }

    @Test
    void checkEnvironmentAndDirectoryAreApplied() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        CheckSpec c = new CheckSpec("env", List.of("sh", "-c", "test \"$GREETING\" = hello && test \"$(basename \"$PWD\")\" = sub"),
                dir.resolve("sub"), Map.of("GREETING", "hello"), Duration.ofSeconds(5), List.of(), "--check env");
        assertThat(run(1, false, c).get(0).status()).isEqualTo(CheckStatus.PASSED);
    }
}
