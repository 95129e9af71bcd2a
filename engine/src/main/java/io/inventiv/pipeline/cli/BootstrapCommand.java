package io.inventiv.pipeline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.Bootstrap;
import io.inventiv.pipeline.deploy.remote.SshConnection;
import io.inventiv.pipeline.exec.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bootstrap", description = "Prepare a fresh Debian/Ubuntu VM (docker, compose, directories, docker group); idempotent.")
public final class BootstrapCommand extends EngineCommand {

    @Mixin
    RemoteOptions remote;

    @Option(names = "--deploy-user", paramLabel = "NAME", description = "User that owns the directories and joins the docker group (default: the SSH user).")
    String deployUser;

    @Override
    protected Object execute() {
        DeployTarget target = remote.connectionTarget();
        if (deployUser != null && !deployUser.matches("[a-z_][a-z0-9_.-]*")) {
            throw io.inventiv.pipeline.UsageException.field("--deploy-user", "'" + deployUser + "' is not a login name",
                    "use e.g. ubuntu");
        }
        remote.ssh();
        CommandRunner runner = new CommandRunner();
        List<Bootstrap.HostReport> hosts = new ArrayList<>();
        boolean changed = false;
        for (String host : target.hosts()) {
            try (SshConnection c = SshConnection.open(runner, host, target.port(), target.userCandidates(),
                    target.hostKey(), remote.ssh())) {
                Bootstrap.HostReport r = Bootstrap.run(c, target, deployUser,
                        (s, l) -> { if (!l.startsWith("@@")) { progress().println("[" + host + "] " + l); } });
                hosts.add(r);
                changed |= !r.changed().isEmpty();
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("environment", target.environment());
        result.put("changed", changed);
        result.put("hosts", hosts);
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String render(Object result) {
        StringBuilder b = new StringBuilder();
        for (Bootstrap.HostReport h : (List<Bootstrap.HostReport>) ((Map<String, Object>) result).get("hosts")) {
            b.append(h.user()).append('@').append(h.host()).append(": ")
                    .append(h.changed().isEmpty() ? "nothing to change" : h.changed().size() + " change(s)").append('\n');
            h.changed().forEach(c -> b.append("  changed: ").append(c).append('\n'));
        }
        return b.toString().stripTrailing();
    }

}
