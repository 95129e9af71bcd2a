package io.inventiv.pipeline.cli;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.remote.DeployPlan;
import io.inventiv.pipeline.deploy.remote.Deployment;
import io.inventiv.pipeline.deploy.remote.HostRun;
import io.inventiv.pipeline.deploy.remote.Release;
import io.inventiv.pipeline.exec.Redactor;

/** Shared pieces of the remote commands' CLI: the pull token and the human rendering. */
final class RemoteCli {
    private RemoteCli() {
    }

    /**
     * The host's pull credentials: REGISTRY_USERNAME / REGISTRY_PASSWORD (a read-only token),
     * from the environment only. None set: the host pulls with what it has (public images).
     */
    static DeployPlan.RegistryLogin registryLogin(Release release) {
        String password = System.getenv("REGISTRY_PASSWORD");
        if (password == null || password.isEmpty()) {
            return null;
        }
        Redactor.global().add(password);
        String user = System.getenv("REGISTRY_USERNAME");
        if (user == null || user.isBlank()) {
            throw UsageException.field("REGISTRY_USERNAME", "REGISTRY_PASSWORD is set but the user name is not",
                    "set REGISTRY_USERNAME to the token's user");
        }
        if (release.registries().size() != 1) {
            throw UsageException.field("--release", "images come from several registries " + release.registries()
                    + " but one pull token is given", "deploy images from one registry");
        }
        return new DeployPlan.RegistryLogin(release.registries().get(0), user, password);
    }

    static String render(Deployment.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(r.kind()).append(' ').append(r.environment()).append(" release ").append(r.releaseId())
                .append(": ").append(r.result()).append('\n');
        for (HostRun.Outcome o : r.hosts()) {
            b.append("  ").append(o.user()).append('@').append(o.host()).append(": ").append(o.result())
                    .append(o.attached() ? " (re-attached to the run in progress)" : "")
                    .append(" in ").append(o.millis()).append(" ms\n");
            o.errors().forEach(e -> b.append("    error: ").append(e).append('\n'));
            o.warnings().forEach(w -> b.append("    warning: ").append(w).append('\n'));
            if (o.lockHolder() != null) {
                b.append("    lock held by: ").append(o.lockHolder()).append('\n');
            }
        }
        if (!r.skippedHosts().isEmpty()) {
            b.append("  not touched: ").append(String.join(", ", r.skippedHosts())).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
