package io.inventiv.pipeline.deploy.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/** Idempotent VM preparation (the team's remote_bootstrap.sh), reporting what it changed. */
public final class Bootstrap {

    /** {@code changed} is empty when the host was already prepared. */
    public record HostReport(String host, String user, List<String> changed, List<String> unchanged) {
    }

    private Bootstrap() {
    }

    public static HostReport run(SshConnection c, DeployTarget target, String deployUser, OutputListener progress) {
        String user = deployUser != null ? deployUser : c.user();
        if (!user.matches("[a-z_][a-z0-9_.-]*")) {
            throw io.inventiv.pipeline.UsageException.field("--deploy-user", "'" + user + "' is not a login name", "use e.g. ubuntu");
        }
        String dir = HostFields.path("remoteDir", target.remoteDir());
        String secrets = target.secretsDir() == null ? "" : HostFields.path("secretsDir", target.secretsDir());
        List<String> args = new ArrayList<>(List.of(user, dir, secrets));
        List<String> packages = target.bootstrapPackages() == null ? List.of() : target.bootstrapPackages();
        for (String p : packages) {
            if (!DeployTarget.PACKAGE_NAME.matcher(p).matches()) {
                throw io.inventiv.pipeline.UsageException.field("bootstrapPackages", "'" + p + "' is not a Debian package name",
                        "use names as apt-get takes them, e.g. docker.io");
            }
            args.add(p);
        }
        ProcessResult r = c.exec(RemoteScripts.shellCommand("bootstrap.sh", "bootstrap", args.toArray(String[]::new)),
                null, Duration.ofMinutes(15), progress);
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        String error = null;
        for (String line : r.stdout().split("\\R")) {
            if (line.startsWith("@@changed ")) {
                changed.add(line.substring(10));
            } else if (line.startsWith("@@ok ")) {
                unchanged.add(line.substring(5));
            } else if (line.startsWith("@@error ")) {
                error = line.substring(8);
            }
        }
        if (!r.ok() || error != null) {
            throw new EngineException("bootstrap of " + c.describe() + " failed: "
                    + (error != null ? error : r.tail(3)) + (changed.isEmpty() ? "" : " (already changed: " + changed + ")"));
        }
        return new HostReport(c.host(), user, List.copyOf(changed), List.copyOf(unchanged));
    }
}
