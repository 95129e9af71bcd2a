package io.inventiv.pipeline.deploy.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/** Read-only questions to a host: status (also the connectivity check), logs, the audit log. */
public final class RemoteQueries {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** One container of the compose project. */
    public record Container(String service, String id, String state, String image, List<String> digests) {
    }

    /** What one host runs. */
    public record HostStatus(String host, String user, String compose, String docker, List<Container> containers,
                             String lock, List<AuditEntry> audit) {
    }

    private RemoteQueries() {
    }

    public static HostStatus status(SshConnection c, DeployTarget target, int auditLines) {
        String dir = HostFields.path("remoteDir", target.remoteDir());
        ProcessResult r = c.exec(RemoteScripts.shellCommand("status.sh", "status", dir, composeName(target),
                Integer.toString(auditLines)), null, TIMEOUT, OutputListener.NONE);
        if (!r.ok()) {
            throw new EngineException("status of " + c.describe() + " failed: " + r.tail(3));
        }
        String compose = "none";
        String docker = "none";
        String lock = null;
        List<Container> containers = new ArrayList<>();
        List<AuditEntry> audit = new ArrayList<>();
        for (String line : r.stdout().split("\\R")) {
            if (line.startsWith("@@compose ")) {
                compose = line.substring(10);
            } else if (line.startsWith("@@docker ")) {
                docker = line.substring(9);
            } else if (line.startsWith("@@lock ")) {
                lock = line.substring(7).strip();
            } else if (line.startsWith("@@container ")) {
                String[] f = line.substring(12).split(" ");
                if (f.length >= 5) {
                    containers.add(new Container(f[0], f[1].substring(0, Math.min(12, f[1].length())), f[2], f[3],
                            f[4].equals("-") ? List.of() : List.of(f[4].split(","))));
                }
            } else if (line.startsWith("@@audit ")) {
                AuditEntry e = AuditEntry.parse(line.substring(8));
                if (e != null) {
                    audit.add(e);
                }
            }
        }
        return new HostStatus(c.host(), c.user(), compose, docker, containers, lock, audit);
    }

    public static ProcessResult logs(SshConnection c, DeployTarget target, String service, int tail,
                                     OutputListener listener) {
        String dir = HostFields.path("remoteDir", target.remoteDir());
        Release.checkService("--service", service);
        return c.exec(RemoteScripts.shellCommand("logs.sh", "logs", dir, composeName(target), service,
                Integer.toString(tail)), null, TIMEOUT, listener);
    }

    public static List<AuditEntry> audit(SshConnection c, DeployTarget target) {
        String dir = HostFields.path("remoteDir", target.remoteDir());
        ProcessResult r = c.exec(RemoteScripts.shellCommand("audit.sh", "audit", dir), null, TIMEOUT, OutputListener.NONE);
        if (!r.ok()) {
            throw new EngineException("reading the audit log of " + c.describe() + " failed: " + r.tail(3));
        }
        return AuditEntry.parseAll(r.stdout());
    }

    static String composeName(DeployTarget target) {
        return target.composeFile() == null ? "docker-compose.yml"
                : HostFields.name("composeFile", target.composeFile().getFileName().toString());
    }
}
