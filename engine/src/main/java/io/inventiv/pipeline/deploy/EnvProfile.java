package io.inventiv.pipeline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loaded, well-formed environment profile, before it meets the environment: variables, and
 * the deploy settings as templates over those variables.
 *
 * @param name           environment name, e.g. {@code staging}
 * @param source         where it came from, for messages ({@code built-in staging} or the file)
 * @param baseDir        directory relative paths (the compose file) are resolved against
 * @param variables      in declaration order (defaults may refer to earlier variables)
 * @param release        compose service → image repository template and env-file key
 * @param timeouts       lockWait, pull, up, hook, health, total, lease (defaults filled in)
 * @param bootstrapPackages Debian packages bootstrap installs (empty: docker.io and compose, when missing)
 */
public record EnvProfile(
        String name,
        String source,
        Path baseDir,
        List<VariableSpec> variables,
        List<Template> hosts,
        Template port,
        Template user,
        List<String> userCandidates,
        Template hostKey,
        Template remoteDir,
        Template secretsDir,
        Template composeFile,
        Map<String, ReleaseService> release,
        Template preDeployHook,
        Template certHook,
        Template healthCheck,
        boolean rollbackAuto,
        int keepReleases,
        Map<String, Duration> timeouts,
        List<String> bootstrapPackages) {

    /** A compose service the release owns: which repository it runs and the env-file key of its reference. */
    public record ReleaseService(Template image, String envKey) {
    }

    public VariableSpec variable(String name) {
        for (VariableSpec v : variables) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }
}
