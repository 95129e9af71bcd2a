package io.inventiv.pipeline.gate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Runs a gate plan: up to {@code parallel} checks at once, each started as soon as every check
 * it needs has passed (a check whose need did not pass is skipped). Every output line is
 * streamed with the check's name as prefix. With fail-fast the first failure stops the rest:
 * nothing new starts and running checks have their process trees killed.
 */
public final class GateRunner {
    static final int TAIL_LINES = 100;

    private final CommandRunner runner;
    private final int parallel;
    private final boolean failFast;
    private final PrintStream progress;

    public GateRunner(CommandRunner runner, int parallel, boolean failFast, PrintStream progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.runner = runner;
        this.parallel = parallel;
        this.failFast = failFast;
        this.progress = progress;
    }

    /** Runs every check and returns one result per check, in declaration order. */
    public List<CheckResult> run(GatePlan plan) {
        // An aborted build (SIGTERM to the engine) must not leave checks running on the agent.
        Thread killChecks = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                "gate-abort");
        Runtime.getRuntime().addShutdownHook(killChecks);
        try {
            return schedule(plan);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killChecks);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: nothing to remove
            }
        }
    }

    private List<CheckResult> schedule(GatePlan plan) {
        List<CheckSpec> pending = new ArrayList<>(plan.checks());
        Map<String, CheckResult> done = new HashMap<>();
        Map<String, Thread> running = new LinkedHashMap<>();
        BlockingQueue<CheckResult> finished = new LinkedBlockingQueue<>();
        int width = plan.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        String stoppedBy = null;

        while (!pending.isEmpty() || !running.isEmpty()) {
            for (CheckSpec spec : List.copyOf(pending)) {
                String reason = stoppedBy != null ? "not started: --fail-fast after " + stoppedBy + " failed"
                        : failedNeed(spec, done);
                if (reason != null) {
                    pending.remove(spec);
                    done.put(spec.name(), CheckResult.skipped(spec.name(), reason));
                    say(spec.name(), width, "--- skipped: " + reason);
                } else if (running.size() < parallel && done.keySet().containsAll(spec.needs())) {
                    pending.remove(spec);
                    running.put(spec.name(), start(spec, width, finished));
                }
            }
            if (running.isEmpty()) {
                continue; // everything left was just skipped, or became ready: loop again
            }
            CheckResult r = take(finished, running);
            running.remove(r.name());
            done.put(r.name(), r);
            if (failFast && stoppedBy == null && !r.passed() && r.status() != CheckStatus.SKIPPED) {
                stoppedBy = r.name();
                running.values().forEach(Thread::interrupt);
            }
        }
        return plan.checks().stream().map(c -> done.get(c.name())).toList();
    }

    private static String failedNeed(CheckSpec spec, Map<String, CheckResult> done) {
        for (String need : spec.needs()) {
            CheckResult r = done.get(need);
            if (r != null && !r.passed()) {
                return "needs " + need + ", which " + (r.status() == CheckStatus.SKIPPED ? "was skipped" : "did not pass");
            }
        }
        return null;
    }

    private Thread start(CheckSpec spec, int width, BlockingQueue<CheckResult> finished) {
        // Whatever happens in the thread, one result comes back: the scheduler waits for it.
        Thread t = new Thread(() -> finished.add(runGuarded(spec, width)), "check-" + spec.name());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A check whose thread throws (an engine bug, an overflowing duration) fails; it never hangs the gate. */
    private CheckResult runGuarded(CheckSpec spec, int width) {
        long t0 = System.nanoTime();
        try {
            return runOne(spec, width);
        } catch (RuntimeException | Error e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            CheckResult failed = new CheckResult(spec.name(), CheckStatus.FAILED, Duration.ofNanos(System.nanoTime() - t0),
                    null, "the engine could not run this check: " + why, List.of());
            try {
                say(spec.name(), width, "--- " + failed.status().json() + ": " + failed.reason());
            } catch (RuntimeException | Error ignored) {
                // the result still goes back to the scheduler
            }
            return failed;
        }
    }

    private CheckResult runOne(CheckSpec spec, int width) {
        OutputTail tail = new OutputTail(TAIL_LINES);
        say(spec.name(), width, "--- start: " + String.join(" ", spec.argv()));
        Command command = new Command(spec.argv(), spec.env(), spec.dir(), null, spec.timeout());
        long t0 = System.nanoTime();
        CheckResult result;
        try {
            ProcessResult p = runner.run(command, (stream, line) -> {
                tail.add(line);
                say(spec.name(), width, line);
            });
            if (p.timedOut()) {
                result = new CheckResult(spec.name(), CheckStatus.TIMED_OUT, p.elapsed(), null,
                        "timed out after " + Durations.human(spec.timeout()) + "; its process tree was killed", tail.lines());
            } else if (p.exitCode() != 0) {
                result = new CheckResult(spec.name(), CheckStatus.FAILED, p.elapsed(), p.exitCode(),
                        "exited " + p.exitCode(), tail.lines());
            } else {
                result = new CheckResult(spec.name(), CheckStatus.PASSED, p.elapsed(), 0, null, tail.lines());
            }
        } catch (EngineException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            if (Thread.currentThread().isInterrupted()) {
                result = new CheckResult(spec.name(), CheckStatus.SKIPPED, elapsed, null,
                        "stopped by --fail-fast; its process tree was killed", tail.lines());
            } else {
                tail.add(e.getMessage());
                result = new CheckResult(spec.name(), CheckStatus.FAILED, elapsed, null, e.getMessage(), tail.lines());
            }
        }
        say(spec.name(), width, "--- " + result.status().json() + " in " + Durations.human(result.duration())
                + (result.reason() == null ? "" : ": " + result.reason()));
        return result;
    }

    private static CheckResult take(BlockingQueue<CheckResult> finished, Map<String, Thread> running) {
        try {
            return finished.take();
        } catch (InterruptedException e) {
            running.values().forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new EngineException("gate interrupted while checks were running");
        }
    }

    private void say(String name, int width, String line) {
        String prefix = "[" + name + "]" + " ".repeat(width - name.length() + 1);
        progress.println(io.inventiv.pipeline.exec.Redactor.global().scrub(prefix + line));
    }
}
