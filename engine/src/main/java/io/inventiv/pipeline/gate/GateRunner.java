package io.inventiv.pipeline.gate;

import java.io.PrintStream;
import java.nio.file.Path;
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
 * nothing new starts and running checks have their process trees killed. A check that names an
 * image runs in a container ({@link DockerRunCommand}); a container that outlives its check
 * (timeout, fail-fast, the engine terminated) is removed by name. Once the engine is terminating
 * no check starts, of either kind ({@link CheckStarts}).
 */
public final class GateRunner {
    static final int TAIL_LINES = 100;
    static final String TERMINATING = "not started: the engine is being terminated";
    /** How long the abort hook waits for admitted checks to have their process (a fork takes milliseconds). */
    private static final Duration START_IN_FLIGHT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final int parallel;
    private final boolean failFast;
    private final PrintStream progress;
    private final DockerRunCommand docker;
    private final LiveContainers containers;
    private final CheckStarts starts = new CheckStarts();
    private final CheckHomes homes = new CheckHomes();

    public GateRunner(CommandRunner runner, int parallel, boolean failFast, PrintStream progress) {
        this(runner, parallel, failFast, progress, null);
    }

    /** @param docker runs the checks that name an image; null when none does */
    public GateRunner(CommandRunner runner, int parallel, boolean failFast, PrintStream progress,
            DockerRunCommand docker) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.runner = runner;
        this.parallel = parallel;
        this.failFast = failFast;
        this.progress = progress;
        this.docker = docker;
        this.containers = docker == null ? null : new LiveContainers(docker, runner);
    }

    /** Runs every check and returns one result per check, in declaration order. */
    public List<CheckResult> run(GatePlan plan) {
        // An aborted build (SIGTERM to the engine) must not leave checks running on the agent,
        // nor containers in its dockerd: those the daemon owns, killing their clients does not stop them.
        // Nothing starts from here on, and a check already admitted has its process before the kill,
        // so none outlives the engine. The clients die first, so none creates a container after the
        // listed ones are removed.
        Thread killChecks = new Thread(() -> {
            starts.close(START_IN_FLIGHT);
            List<String> left = containers == null ? List.of() : containers.terminate();
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            if (containers != null) {
                containers.remove(left);
                homes.removeAll();
            }
        }, "gate-abort");
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
                String reason = starts.closed() ? TERMINATING
                        : stoppedBy != null ? "not started: --fail-fast after " + stoppedBy + " failed"
                        : failedNeed(spec, done);
                if (reason != null) {
                    pending.remove(spec);
                    done.put(spec.name(), CheckResult.skipped(spec, reason));
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
                    null, "the engine could not run this check: " + why, List.of(), CheckResult.imageOf(spec));
            try {
                say(spec.name(), width, "--- " + failed.status().json() + ": " + failed.reason());
            } catch (RuntimeException | Error ignored) {
                // the result still goes back to the scheduler
            }
            return failed;
        }
    }

    private CheckResult runOne(CheckSpec spec, int width) {
        if (spec.image() != null && docker == null) {
            throw new IllegalStateException("check " + spec.name() + " names an image but the gate runs without docker");
        }
        String image = CheckResult.imageOf(spec);
        Runnable admitted = starts.admit();
        if (admitted == null) {
            say(spec.name(), width, "--- skipped: " + TERMINATING);
            return CheckResult.skipped(spec, TERMINATING);
        }
        try {
            return runAdmitted(spec, width, image, admitted);
        } finally {
            admitted.run(); // when the process could not even be built: the guard must not wait for it
        }
    }

    private CheckResult runAdmitted(CheckSpec spec, int width, String image, Runnable admitted) {
        OutputTail tail = new OutputTail(TAIL_LINES);
        say(spec.name(), width, "--- start" + (image == null ? "" : " in " + image) + ": " + String.join(" ", spec.argv()));
        String container = image == null ? null : docker.containerName(spec);
        Path home = image == null ? null : docker.home(spec);
        Command command = image == null ? new Command(spec.argv(), spec.env(), spec.dir(), null, spec.timeout())
                : docker.run(spec);
        String killed = image == null ? "its process tree was killed" : "its container was removed";
        long t0 = System.nanoTime();
        CheckResult result;
        if (container != null) {
            containers.started(container);
        }
        boolean exitedOnItsOwn = false;
        try {
            if (home != null) {
                homes.create(home);
            }
            ProcessResult p = runner.run(command, (stream, line) -> {
                tail.add(line);
                say(spec.name(), width, line);
            }, admitted);
            exitedOnItsOwn = !p.timedOut();
            String dockerFailure = container == null ? null : DockerRunFailure.reason(image, p.exitCode(), tail.lines());
            if (p.timedOut()) {
                result = new CheckResult(spec.name(), CheckStatus.TIMED_OUT, p.elapsed(), null,
                        "timed out after " + Durations.human(spec.timeout()) + "; " + killed, tail.lines(), image);
            } else if (dockerFailure != null) {
                result = new CheckResult(spec.name(), CheckStatus.FAILED, p.elapsed(), null, dockerFailure, tail.lines(),
                        image);
            } else if (p.exitCode() != 0) {
                result = new CheckResult(spec.name(), CheckStatus.FAILED, p.elapsed(), p.exitCode(),
                        "exited " + p.exitCode(), tail.lines(), image);
            } else {
                result = new CheckResult(spec.name(), CheckStatus.PASSED, p.elapsed(), 0, null, tail.lines(), image);
            }
        } catch (EngineException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            if (Thread.currentThread().isInterrupted()) {
                result = new CheckResult(spec.name(), CheckStatus.SKIPPED, elapsed, null,
                        "stopped by --fail-fast; " + killed, tail.lines(), image);
            } else {
                exitedOnItsOwn = true; // docker itself could not start: there is no container
                tail.add(e.getMessage());
                result = new CheckResult(spec.name(), CheckStatus.FAILED, elapsed, null, e.getMessage(), tail.lines(), image);
            }
        } finally {
            if (container != null) {
                removeUnlessExited(container, exitedOnItsOwn, spec.name(), width);
            }
            if (home != null) { // after the container: a running one could still write there
                String problem = homes.remove(home);
                if (problem != null) {
                    say(spec.name(), width, "--- could not remove its HOME: " + problem);
                }
            }
        }
        say(spec.name(), width, "--- " + result.status().json() + " in " + Durations.human(result.duration())
                + (result.reason() == null ? "" : ": " + result.reason()));
        return result;
    }

    /**
     * A container whose client exited on its own was removed by {@code --rm}; one whose client was
     * killed (timeout, fail-fast) may still run, so it is removed by name.
     */
    private void removeUnlessExited(String container, boolean exitedOnItsOwn, String check, int width) {
        if (exitedOnItsOwn) {
            containers.ended(container);
            return;
        }
        String problem = containers.remove(container);
        if (problem != null) {
            say(check, width, "--- could not remove container " + container + ": " + problem);
        }
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
