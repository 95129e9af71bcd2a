package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.Profiles;
import io.inventiv.pipeline.deploy.ValueFormat;
import io.inventiv.pipeline.deploy.ResolvedProfile;
import io.inventiv.pipeline.deploy.remote.SshSettings;
import io.inventiv.pipeline.deploy.remote.TargetFile;
import picocli.CommandLine.Option;

/** The options every remote command shares: where the target comes from and how SSH connects. */
public final class RemoteOptions {

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Environment profile: built-in staging/production or a profile YAML file (see docs/profile.md). Excludes --target-file.")
    String profile;

    @Option(names = "--owner", paramLabel = "OWNER", description = "GitHub owner of the images (sets GITHUB_OWNER for the profile).")
    String owner;

    @Option(names = "--target-file", paramLabel = "FILE",
            description = "Instead of a profile: YAML/JSON file with the deploy target's fields (see docs/remote.md). Excludes --profile.")
    Path targetFile;

    private ResolvedProfile resolved;

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
        if (profile != null && targetFile != null) {
            throw UsageException.field("--target-file", "given together with --profile", "pass one of them");
        }
        if (profile != null) {
            return profile().deployTarget();
        }
        if (targetFile == null) {
            throw UsageException.field("--profile", "no deploy target given",
                    "pass --profile staging|production|FILE (or --target-file FILE, see docs/remote.md)");
        }
        return TargetFile.read(targetFile);
    }

    /**
     * The target for commands that only reach the hosts (status, logs, bootstrap): with a
     * profile, only the connection settings are resolved, so no secret needs to be bound.
     */
    DeployTarget connectionTarget() {
        if (profile != null && targetFile == null) {
            return Profiles.resolveConnection(profile, ValidateEnvCommand.environment(System.getenv(), owner));
        }
        return target();
    }

    /** The resolved profile (its secrets already in the redactor), or null with --target-file. */
    ResolvedProfile profile() {
        if (profile == null) {
            return null;
        }
        if (resolved == null) {
            resolved = Profiles.resolve(profile, ValidateEnvCommand.environment(System.getenv(), owner), identityFile);
        }
        return resolved;
    }

    SshSettings ssh() {
        Duration timeout = Durations.parse("--connect-timeout", connectTimeout);
        InputFile.check("--identity-file", identityFile);
        InputFile.check("--known-hosts", knownHosts);
        if (user != null && ValueFormat.USER.check(user) != null) {
            throw UsageException.field("--user", "'" + user + "' is " + ValueFormat.USER.check(user), "use a name like ubuntu");
        }
        return new SshSettings(identityFile, knownHosts, acceptNewHostKey, user, timeout);
    }
}
