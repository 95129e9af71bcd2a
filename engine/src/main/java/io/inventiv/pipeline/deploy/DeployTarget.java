package io.inventiv.pipeline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the remote update needs about one environment, resolved from a profile and the
 * environment variables (no secret values: those only reach the rendered env file). This is the
 * seam between profiles (validate-env, render-env) and the SSH deploy: profiles produce it,
 * {@code deploy}/{@code rollback}/{@code status}/{@code logs}/{@code bootstrap} consume it.
 *
 * @param environment     profile name, e.g. {@code staging}
 * @param hosts           one or more hosts, deployed one at a time (rolling)
 * @param port            SSH port
 * @param userCandidates  users to try in order when none is set (e.g. ubuntu, debian, root)
 * @param hostKey         a pinned host key line ({@code ssh-ed25519 AAAA...}) or null to use known_hosts
 * @param remoteDir       the compose project directory on the host
 * @param secretsDir      directory on the host for secret files (may be null)
 * @param composeFile     local compose file uploaded to the host
 * @param releaseServices compose service name → image repository it runs (services the release owns)
 * @param imageEnvKeys    compose service name → env-file key holding its {@code repo@digest}
 * @param preDeployHook   remote command run before pull (e.g. a database dump), or null
 * @param certHook        remote command renewing the certificate, or null
 * @param healthCheck     remote command or http(s) URL checked on the host after {@code up -d}, or null
 * @param rollbackAuto    restore the previous env file and {@code up -d} when the update fails after the swap
 * @param keepReleases    releases kept for rollback when pruning images (default 3)
 * @param bootstrapPackages Debian packages {@code bootstrap} installs when dpkg does not list them; empty: docker.io
 *                        and a compose package, each only when its command is missing
 * @param timeouts        named timeouts: {@code lockWait}, {@code pull}, {@code up}, {@code hook}, {@code health}, {@code total}, {@code lease}
 */
public record DeployTarget(
        String environment,
        List<String> hosts,
        int port,
        List<String> userCandidates,
        String hostKey,
        String remoteDir,
        String secretsDir,
        Path composeFile,
        Map<String, String> releaseServices,
        Map<String, String> imageEnvKeys,
        String preDeployHook,
        String certHook,
        String healthCheck,
        boolean rollbackAuto,
        int keepReleases,
        Map<String, Duration> timeouts,
        List<String> bootstrapPackages) {

    /** A Debian package name (policy 5.6.1): what bootstrap may hand to apt-get as one word. */
    public static final java.util.regex.Pattern PACKAGE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9+.-]+");
}
