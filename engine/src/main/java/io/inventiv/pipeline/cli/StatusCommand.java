package io.inventiv.pipeline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.AuditEntry;
import io.inventiv.pipeline.deploy.remote.RemoteQueries;
import io.inventiv.pipeline.deploy.remote.SshConnection;
import io.inventiv.pipeline.exec.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "What runs on each host: services, image digests, lock, last audit lines. Doubles as the connectivity check.")
public final class StatusCommand extends EngineCommand {

    @Mixin
    RemoteOptions remote;

    @Option(names = "--audit-lines", paramLabel = "N", defaultValue = "5", description = "Audit lines to show (default ${DEFAULT-VALUE}).")
    int auditLines;

    @Override
    protected Object execute() {
        DeployTarget target = remote.connectionTarget();
        if (auditLines < 0 || auditLines > 10_000) {
            throw io.inventiv.pipeline.UsageException.field("--audit-lines", auditLines + " is outside 0-10000",
                    "pass how many audit lines to show, e.g. --audit-lines 5");
        }
        remote.ssh();
        List<RemoteQueries.HostStatus> hosts = new ArrayList<>();
        CommandRunner runner = new CommandRunner();
        for (String host : target.hosts()) {
            try (SshConnection c = SshConnection.open(runner, host, target.port(), target.userCandidates(),
                    target.hostKey(), remote.ssh())) {
                hosts.add(RemoteQueries.status(c, target, auditLines));
            }
        }
        for (RemoteQueries.HostStatus h : hosts) {
            if (!h.docker().equals("ok")) {
                progress().println("status: docker on " + h.user() + "@" + h.host() + " is " + h.docker()
                        + "; a deploy there would fail: run bootstrap, or give the user access to docker");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("environment", target.environment());
        result.put("hosts", hosts);
        return result;
    }

    /** Not 0 when a host's docker is missing or unreachable, so status can gate a deploy. */
    @Override
    @SuppressWarnings("unchecked")
    protected int exitCode(Object result) {
        List<RemoteQueries.HostStatus> hosts = (List<RemoteQueries.HostStatus>) ((Map<String, Object>) result).get("hosts");
        return hosts.stream().allMatch(h -> h.docker().equals("ok")) ? 0 : 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String render(Object result) {
        StringBuilder b = new StringBuilder();
        for (RemoteQueries.HostStatus h : (List<RemoteQueries.HostStatus>) ((Map<String, Object>) result).get("hosts")) {
            b.append(h.user()).append('@').append(h.host()).append(": docker ").append(h.docker())
                    .append(", compose ").append(h.compose()).append('\n');
            for (RemoteQueries.Container c : h.containers()) {
                b.append("  ").append(c.service()).append(' ').append(c.state()).append(' ').append(c.image()).append('\n');
            }
            if (h.lock() != null) {
                b.append("  lock: ").append(h.lock()).append('\n');
            }
            for (AuditEntry e : h.audit()) {
                b.append("  ").append(e.time()).append(' ').append(e.kind()).append(' ').append(e.result())
                        .append(" release ").append(e.releaseId()).append(" build ").append(e.build()).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
