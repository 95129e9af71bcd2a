package io.inventiv.pipeline.cli;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.AuditEntry;
import io.inventiv.pipeline.deploy.remote.DeployPlan;
import io.inventiv.pipeline.deploy.remote.Deployment;
import io.inventiv.pipeline.deploy.remote.RemoteQueries;
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

    @Override
    protected Object execute() {
        DeployTarget target = remote.target();
        if (to != null) {
            Digest.parse(to, "--to");
        }
        var wait = lock.lockWait();
        String buildId = lock.buildId();
        return Deployment.run(new CommandRunner(), target, c -> {
            AuditEntry pick = AuditEntry.rollbackTarget(RemoteQueries.audit(c, target), to);
            if (pick == null) {
                throw new EngineException("rollback on " + c.describe() + ": the audit log has no "
                        + (to == null ? "earlier successful release" : "successful release running " + to)
                        + "; see 'status' for what was deployed");
            }
            progress().println("rolling back " + c.host() + " to release " + pick.releaseId() + " (" + pick.time()
                    + ", build " + pick.build() + ")");
            return DeployPlan.rollback(target, pick.releaseId(), pick.release(), buildId, wait,
                    RemoteCli.registryLogin(pick.release()));
        }, remote.ssh(), OutputListener.prefixed(""));
    }

    @Override
    protected String render(Object result) {
        return RemoteCli.render((Deployment.Result) result);
    }

    @Override
    protected int exitCode(Object result) {
        return ((Deployment.Result) result).exitCode();
    }
}
