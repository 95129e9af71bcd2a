package io.inventiv.pipeline.cli;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.AuditEntry;
import io.inventiv.pipeline.deploy.remote.ChangePlan;
import io.inventiv.pipeline.deploy.remote.DeployPlan;
import io.inventiv.pipeline.deploy.remote.Deployment;
import io.inventiv.pipeline.deploy.remote.RemoteQueries;
import io.inventiv.pipeline.deploy.remote.SshConnection;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.oci.Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Redeploy the previous (or a named) release from the host's audit log.")
public final class RollbackCommand extends EngineCommand {

    @Mixin
    RemoteOptions remote;

    @Option(names = "--to", paramLabel = "sha256:…", description = "Roll back to the latest successful release running this digest.")
    String to;

    @Mixin
    LockOptions lock;

    @Option(names = "--plan", description = "Say what the rollback would change on each host (running digests, env keys "
            + "by name, compose file) and change nothing: no lock, no pull.")
    boolean plan;

    @Override
    protected Object execute() {
        DeployTarget target = remote.target();
        if (to != null) {
            Digest.parse(to, "--to");
        }
        var wait = lock.lockWait();
        String buildId = lock.buildId();
        var ssh = remote.ssh();
        if (plan) {
            return ChangePlan.rollback(new CommandRunner(), target, c -> {
                AuditEntry pick = pick(c, target);
                progress().println("a rollback of " + c.host() + " would go to release " + pick.releaseId() + " ("
                        + pick.time() + ", build " + pick.build() + ")");
                // Checked as the rollback checks it; the plan itself is not sent.
                DeployPlan.rollback(target, pick.releaseId(), pick.release(), buildId, wait,
                        RemoteCli.registryLogin(pick.release()));
                return new ChangePlan.Next(pick.releaseId(), pick.release(), null, null, null);
            }, ssh, OutputListener.prefixed(""));
        }
        return Deployment.run(new CommandRunner(), target, c -> {
            AuditEntry pick = pick(c, target);
            progress().println("rolling back " + c.host() + " to release " + pick.releaseId() + " (" + pick.time()
                    + ", build " + pick.build() + ")");
            return DeployPlan.rollback(target, pick.releaseId(), pick.release(), buildId, wait,
                    RemoteCli.registryLogin(pick.release()));
        }, ssh, OutputListener.prefixed(""));
    }

    /** The release a rollback of this host goes to, from its audit log. */
    private AuditEntry pick(SshConnection c, DeployTarget target) {
        AuditEntry pick = AuditEntry.rollbackTarget(RemoteQueries.audit(c, target), to);
        if (pick == null) {
            throw new EngineException("rollback on " + c.describe() + ": the audit log has no "
                    + (to == null ? "earlier successful release" : "successful release running " + to)
                    + "; see 'status' for what was deployed");
        }
        return pick;
    }

    @Override
    protected String render(Object result) {
        return result instanceof ChangePlan.Result p ? PlanText.render(p) : RemoteCli.render((Deployment.Result) result);
    }

    @Override
    protected int exitCode(Object result) {
        return result instanceof Deployment.Result r ? r.exitCode() : 0;
    }

    /** The plan is what the approver reads in the build log: with --json it goes to stderr as well. */
    @Override
    protected boolean reportAlsoWithJson() {
        return plan;
    }

    /** The verdict line of the report ("deploy staging release …: failed"). */
    @Override
    protected String failure(Object result) {
        String text = render(result);
        return text == null || text.isBlank() ? "failed" : text.lines().findFirst().orElse("failed").strip();
    }
}
