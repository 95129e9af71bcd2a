package io.inventiv.pipeline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.RemoteQueries;
import io.inventiv.pipeline.deploy.remote.SshConnection;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs", description = "Recent logs of one compose service on each host.")
public final class LogsCommand extends EngineCommand {

    @Mixin
    RemoteOptions remote;

    @Option(names = "--service", required = true, paramLabel = "S", description = "Required. Compose service name.")
    String service;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100", description = "Lines per host (default ${DEFAULT-VALUE}).")
    int tail;

    @Override
    protected Object execute() {
        DeployTarget target = remote.connectionTarget();
        if (tail < 1 || tail > 100_000) {
            throw io.inventiv.pipeline.UsageException.field("--tail", tail + " is outside 1-100000", "pass a line count");
        }
        io.inventiv.pipeline.deploy.remote.Release.checkService("--service", service);
        remote.ssh();
        CommandRunner runner = new CommandRunner();
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (String host : target.hosts()) {
            try (SshConnection c = SshConnection.open(runner, host, target.port(), target.userCandidates(),
                    target.hostKey(), remote.ssh())) {
                ProcessResult r = RemoteQueries.logs(c, target, service, tail, (s, l) -> { });
                if (!r.ok()) {
                    throw new EngineException("logs of " + service + " on " + c.describe() + " failed: " + r.tail(3));
                }
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("host", host);
                h.put("lines", r.stdout().isEmpty() ? List.of() : List.of(r.stdout().split("\\R")));
                hosts.add(h);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("service", service);
        result.put("hosts", hosts);
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String render(Object result) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> h : (List<Map<String, Object>>) ((Map<String, Object>) result).get("hosts")) {
            b.append("== ").append(h.get("host")).append('\n');
            for (Object line : (List<Object>) h.get("lines")) {
                b.append(line).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
