package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Starts (or re-attaches to) the host-side run of a plan over one connection, streams its
 * progress and reads its status from the protocol lines of deploy.sh and launch.sh. A protocol
 * line starts with {@code @@NONCE }, the plan's random nonce (or, on re-attaching, the nonce of
 * the engine that started the run, which launch.sh names): any other line is tool output, so a
 * hook or a container that prints {@code @@exit 0} or {@code @@verified ...} changes nothing.
 */
public final class HostRun {

    /**
     * What one host reported. {@code exitCode} 0 ok, 1 failed, 3 lock held; {@code millis} is the
     * engine's wall time for the host, {@code hostMillis} the host-side run's own (-1 when unknown).
     * {@code running} is what the host's release services run once the run ended: {@code new} (this
     * run's release was started and stays), {@code previous} (what ran before: nothing was restarted,
     * or the rollback brought it back) or {@code unknown} (the rollback failed, or no status came).
     */
    public record Outcome(String host, String user, int exitCode, String result, String running, boolean attached,
                          List<String> verified, List<String> warnings, List<String> errors, String lockHolder,
                          long millis, long hostMillis) {
    }

    private HostRun() {
    }

    public static Outcome execute(SshConnection connection, DeployPlan plan, OutputListener progress) {
        long start = System.nanoTime();
        State s = new State(plan.nonce());
        String command = RemoteScripts.shellCommand("launch.sh", "launch", plan.stateDir(), plan.runId(), plan.nonce());
        ProcessResult r = connection.exec(command, plan.upload(), plan.total(), (stream, line) -> {
            String body = s.read(line);
            // Progress shows protocol lines as "@@body"; a look-alike from a tool is shown as tool output.
            progress.line(stream, body != null ? "@@" + body : line.startsWith("@@") ? " " + line : line);
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
        return new Outcome(connection.host(), connection.user(), code, result, running(s.exit, result, s.swapped), s.attached, List.copyOf(s.verified),
                List.copyOf(s.warnings), List.copyOf(s.errors), s.lockHolder, (System.nanoTime() - start) / 1_000_000,
                s.hostMillis);
    }

    /**
     * What runs after the run: a failure is {@code new} only once {@code up} has run (deploy.sh's
     * "step up") and no rollback followed; before that the previous containers were never touched.
     * Callers that move a tag back (inventivPipeline) rely on it.
     */
    static String running(Integer exit, String result, boolean swapped) {
        if (exit == null) {
            return "unknown";
        }
        return switch (result) {
            case "ok" -> "new";
            case "rolled-back", "lock-held" -> "previous";
            case "rollback-failed" -> "unknown";
            default -> swapped ? "new" : "previous";
        };
    }

    /** Parses the protocol lines as they stream. */
    static final class State {
        /** The markers believed: this engine's, and the starting engine's once launch.sh names it. */
        private final List<String> markers = new ArrayList<>();
        Integer exit;
        String result;
        boolean attached;
        /** deploy.sh reached {@code up -d}: the containers may run the new release. */
        boolean swapped;
        String lockHolder;
        long hostMillis = -1;
        final List<String> verified = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        State(String nonce) {
            markers.add("@@" + nonce + " ");
        }

        /** The line's body without its marker when it is a protocol line, else null (and nothing is read). */
        String read(String line) {
            String body = null;
            for (String marker : markers) {
                if (line.startsWith(marker)) {
                    body = line.substring(marker.length());
                }
            }
            if (body == null) {
                return null;
            }
            int sp = body.indexOf(' ');
            String tag = sp < 0 ? body : body.substring(0, sp);
            String rest = sp < 0 ? "" : body.substring(sp + 1);
            switch (tag) {
                // The run's own status comes first; launch.sh's fallback after it (its status file
                // pruned meanwhile) does not overrule it.
                case "exit" -> {
                    if (exit == null) {
                        exit = parseInt(rest);
                    }
                }
                case "elapsed" -> hostMillis = parseInt(rest);
                case "audit" -> result = rest.strip();
                case "attach" -> {
                    attached = true;
                    String[] f = rest.strip().split(" ");
                    if (f.length == 2 && f[1].matches("[0-9a-f]{32}")) {
                        markers.add("@@" + f[1] + " ");
                    }
                }
                case "verified" -> verified.add(rest);
                case "warn" -> warnings.add(rest);
                case "error" -> errors.add(rest);
                case "lock-held" -> lockHolder = rest.strip();
                case "step" -> swapped |= rest.strip().equals("up");
                default -> {
                    // step, started, compose, pruned, host-run: progress only
                }
            }
            return body;
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
