package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Starts (or re-attaches to) the host-side run of a plan over one connection, streams its
 * progress and reads its status from the "@@" protocol lines of deploy.sh and launch.sh.
 */
public final class HostRun {

    /**
     * What one host reported. {@code exitCode} 0 ok, 1 failed, 3 lock held; {@code millis} is the
     * engine's wall time for the host, {@code hostMillis} the host-side run's own (-1 when unknown).
     */
    public record Outcome(String host, String user, int exitCode, String result, boolean attached,
                          List<String> verified, List<String> warnings, List<String> errors, String lockHolder,
                          long millis, long hostMillis) {
    }

    private HostRun() {
    }

    public static Outcome execute(SshConnection connection, DeployPlan plan, OutputListener progress) {
        long start = System.nanoTime();
        State s = new State();
        String command = RemoteScripts.shellCommand("launch.sh", "launch", plan.stateDir(), plan.runId());
        ProcessResult r = connection.exec(command, plan.upload(), plan.total(), (stream, line) -> {
            s.read(line);
            progress.line(stream, line);
        });
        int code;
        String result = s.result;
        if (s.exit != null) {
            code = s.exit;
        } else {
            code = 1;
            s.errors.add(r.timedOut()
                    ? "no status within " + plan.total().toSeconds() + "s; the run goes on on the host, rerun to re-attach"
                    : "connection to " + connection.describe() + " lost (ssh exit " + r.exitCode()
                    + ") before the host reported a status; whatever started there finishes on its own; rerun to re-attach");
        }
        if (code == 3) {
            result = "lock-held";
        } else if (result == null) {
            result = code == 0 ? "ok" : "failed";
        }
        return new Outcome(connection.host(), connection.user(), code, result, s.attached, List.copyOf(s.verified),
                List.copyOf(s.warnings), List.copyOf(s.errors), s.lockHolder, (System.nanoTime() - start) / 1_000_000,
                s.hostMillis);
    }

    /** Parses the protocol lines as they stream. */
    private static final class State {
        Integer exit;
        String result;
        boolean attached;
        String lockHolder;
        long hostMillis = -1;
        final List<String> verified = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        void read(String line) {
            if (!line.startsWith("@@")) {
                return;
            }
            String body = line.substring(2);
            int sp = body.indexOf(' ');
            String tag = sp < 0 ? body : body.substring(0, sp);
            String rest = sp < 0 ? "" : body.substring(sp + 1);
            switch (tag) {
                case "exit" -> exit = parseInt(rest);
                case "elapsed" -> hostMillis = parseInt(rest);
                case "audit" -> result = rest.strip();
                case "attach" -> attached = true;
                case "verified" -> verified.add(rest);
                case "warn" -> warnings.add(rest);
                case "error" -> errors.add(rest);
                case "lock-held" -> lockHolder = rest.strip();
                default -> {
                    // step, started, compose, pruned, host-run: progress only
                }
            }
        }

        private static Integer parseInt(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }
}
