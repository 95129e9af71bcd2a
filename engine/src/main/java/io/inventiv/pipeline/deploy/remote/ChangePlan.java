package io.inventiv.pipeline.deploy.remote;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * {@code deploy --plan} and {@code rollback --plan}: connects to each host as the deploy does,
 * reads what it has (plan.sh: no lock, no write, no pull) and says what the deploy would change
 * there. Every host is read, one after the other.
 */
public final class ChangePlan {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * The JSON of {@code deploy --plan}: the release (of the last host, as for deploy), each host's
     * changes, and their {@link PlanFingerprint} (equal for two plans of the same state).
     */
    public record Result(String environment, String kind, boolean plan, String releaseId, Map<String, String> services,
                         boolean changes, String fingerprint, List<HostChanges> hosts) {
        public Result(String environment, String kind, boolean plan, String releaseId, Map<String, String> services,
                      boolean changes, List<HostChanges> hosts) {
            this(environment, kind, plan, releaseId, services, changes, PlanFingerprint.of(environment, kind, hosts), hosts);
        }
    }

    /**
     * What one host would get. With {@code envText} null (a rollback), the env and compose files
     * are the ones the host kept for the release. {@code secretFiles}: name → content of the
     * files a deploy copies to the target's secretsDir (none for a rollback).
     */
    public record Next(String releaseId, Release release, String envText, String composeText,
                       Map<String, byte[]> secretFiles) {
        @Override
        public String toString() {
            return "Next[" + releaseId + "]";
        }
    }

    private ChangePlan() {
    }

    public static Result deploy(CommandRunner runner, DeployTarget target, Next next, SshSettings ssh,
                                OutputListener progress) {
        return run(runner, "deploy", target, c -> next, ssh, progress);
    }

    /** A rollback: each host names its release once connected (from its audit log, as the rollback does). */
    public static Result rollback(CommandRunner runner, DeployTarget target, Function<SshConnection, Next> nextFor,
                                  SshSettings ssh, OutputListener progress) {
        return run(runner, "rollback", target, nextFor, ssh, progress);
    }

    private static Result run(CommandRunner runner, String kind, DeployTarget target,
                              Function<SshConnection, Next> nextFor, SshSettings ssh, OutputListener progress) {
        List<HostChanges> hosts = new ArrayList<>();
        Next last = null;
        for (String host : target.hosts()) {
            try (SshConnection c = SshConnection.open(runner, host, target.port(), target.userCandidates(),
                    target.hostKey(), ssh)) {
                progress.line(OutputListener.Stream.STDERR, "connected to " + c.describe());
                last = nextFor.apply(c);
                hosts.add(read(c, target, kind, last));
            }
        }
        boolean changes = hosts.stream().anyMatch(HostChanges::changes);
        return new Result(target.environment(), kind, true, last.releaseId(), last.release().references(), changes,
                List.copyOf(hosts));
    }

    static HostChanges read(SshConnection c, DeployTarget target, String kind, Next next) {
        ValueHashes hashes = ValueHashes.fresh();
        String dir = HostFields.path("remoteDir", target.remoteDir());
        boolean kept = next.envText() == null;
        boolean secrets = next.secretFiles() != null && !next.secretFiles().isEmpty() && target.secretsDir() != null;
        String command = RemoteScripts.shellCommand("plan.sh", "plan", dir, RemoteQueries.composeName(target),
                kept ? next.releaseId() : "", secrets ? HostFields.path("secretsDir", target.secretsDir()) : "");
        ProcessResult r = c.exec(command, (hashes.salt() + "\n").getBytes(StandardCharsets.UTF_8), TIMEOUT,
                OutputListener.NONE);
        if (!r.ok()) {
            throw new EngineException(kind + " --plan: reading the state of " + c.describe() + " failed"
                    + (r.timedOut() ? " (no answer within " + TIMEOUT.toSeconds() + "s)" : ": " + r.tail(3)));
        }
        HostState state = HostState.parse(r.stdout());
        if (kept && state.releaseMissing()) {
            throw new EngineException(kind + " --plan: " + c.describe() + " no longer keeps the files of release "
                    + next.releaseId() + ", so a rollback to it would fail; see 'status' for what was deployed");
        }
        Map<String, String> nextEnv = kept ? (state.nextEnv() == null ? Map.of() : state.nextEnv())
                : hashes.of(next.envText());
        String nextCompose = kept ? state.nextCompose() : ValueHashes.sha256(next.composeText());
        Map<String, String> nextSecrets = new TreeMap<>();
        if (secrets) {
            next.secretFiles().forEach((name, bytes) -> nextSecrets.put(name, hashes.hash(bytes)));
        }
        return HostChanges.of(c.host(), c.user(), state, next.releaseId(), next.release(), nextEnv, nextCompose,
                nextSecrets);
    }
}
