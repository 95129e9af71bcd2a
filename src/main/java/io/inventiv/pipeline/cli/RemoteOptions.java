package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.Durations;
import io.inventiv.pipeline.deploy.remote.SshSettings;
import io.inventiv.pipeline.deploy.remote.TargetFile;
import picocli.CommandLine.Option;

/** The options every remote command shares: where the target comes from and how SSH connects. */
public final class RemoteOptions {

    @Option(names = "--target", paramLabel = "FILE",
            description = "YAML/JSON file with the deploy target's fields (see docs/remote.md).")
    Path targetFile;

    @Option(names = "--identity-file", paramLabel = "FILE",
            description = "Private key file (0600). Default: the keys of SSH_AUTH_SOCK (Jenkins sshagent).")
    Path identityFile;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file to verify host keys against (default ~/.ssh/known_hosts; "
                    + "ignored when the target pins a hostKey).")
    Path knownHosts;

    @Option(names = "--accept-new-host-key",
            description = "Trust a host whose key is not known yet (never a changed key).")
    boolean acceptNewHostKey;

    @Option(names = "--user", paramLabel = "NAME",
            description = "SSH login user. Default: the target's user candidates, tried in order.")
    String user;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "15s",
            description = "SSH connect and handshake timeout (default ${DEFAULT-VALUE}).")
    String connectTimeout;

    DeployTarget target() {
        if (targetFile == null) {
            throw UsageException.field("--target", "no deploy target given", "pass --target FILE (see docs/remote.md)");
        }
        return TargetFile.read(targetFile);
    }

    SshSettings ssh() {
        Duration timeout = Durations.parse("--connect-timeout", connectTimeout);
        return new SshSettings(identityFile, knownHosts, acceptNewHostKey, user, timeout);
    }
}
