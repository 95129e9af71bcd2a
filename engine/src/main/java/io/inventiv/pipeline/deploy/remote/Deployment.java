package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;

/**
 * A deploy or rollback across the target's hosts: rolling, one host at a time over one SSH
 * connection each, stopping at the first host that does not succeed.
 */
public final class Deployment {

    /** The JSON result of deploy/rollback. */
    public record Result(String environment, String kind, String releaseId, String result, int exitCode,
                         Map<String, String> services, List<HostRun.Outcome> hosts, List<String> skippedHosts) {
    }

    private Deployment() {
    }

    /** The same plan on every host (deploy). */
    public static Result run(CommandRunner runner, DeployPlan plan, SshSettings ssh, OutputListener progress) {
        return run(runner, plan.target(), c -> plan, ssh, progress);
    }

    /** A plan made per host once connected (rollback reads each host's audit log first). */
    public static Result run(CommandRunner runner, DeployTarget target, Function<SshConnection, DeployPlan> planFor,
                             SshSettings ssh, OutputListener progress) {
        List<HostRun.Outcome> outcomes = new ArrayList<>();
        List<String> hosts = target.hosts();
        DeployPlan last = null;
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            HostRun.Outcome outcome;
            try (SshConnection c = SshConnection.open(runner, host, target.port(), target.userCandidates(),
                    target.hostKey(), ssh)) {
                progress.line(OutputListener.Stream.STDERR, "connected to " + c.describe());
                last = planFor.apply(c);
                outcome = HostRun.execute(c, last, (stream, line) -> progress.line(stream, "[" + host + "] " + human(line)));
            } catch (EngineException e) {
                if (i == 0) {
                    throw e;
                }
                throw new EngineException(e.getMessage() + " (hosts already updated: " + String.join(", ", hosts.subList(0, i))
                        + "; the remaining hosts were not touched)", e);
            }
            outcomes.add(outcome);
            if (outcome.exitCode() != 0) {
                return new Result(target.environment(), last.kind(), last.releaseId(), outcome.result(), outcome.exitCode(),
                        last.release().references(), outcomes, List.copyOf(hosts.subList(i + 1, hosts.size())));
            }
        }
        return new Result(target.environment(), last.kind(), last.releaseId(), "ok", 0, last.release().references(),
                outcomes, List.of());
    }

    /** Protocol lines read better without their marker. */
    static String human(String line) {
        return line.startsWith("@@") ? line.substring(2) : "  " + line;
    }
}
