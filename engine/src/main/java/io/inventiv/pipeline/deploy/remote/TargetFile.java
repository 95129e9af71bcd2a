package io.inventiv.pipeline.deploy.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.DeployTimeouts;
import io.inventiv.pipeline.deploy.ProfileLoader;
import io.inventiv.pipeline.deploy.ValueFormat;
import io.inventiv.pipeline.yaml.YamlNode;

/**
 * Reads a {@link DeployTarget} from a small YAML/JSON file ({@code --target-file FILE}) whose keys are
 * the record's fields: the way to drive the remote commands without a profile (tests, one-off
 * hosts). Relative paths are resolved against the file's directory. It is checked as closely as a
 * profile is (unknown and duplicate keys, value formats, port range, keepReleases ≥ 1, services
 * and env keys given once), each problem named {@code FILE: key}.
 */
public final class TargetFile {
    private static final List<String> KEYS = List.of("environment", "hosts", "host", "port", "userCandidates", "user",
            "hostKey", "remoteDir", "secretsDir", "composeFile", "releaseServices", "imageEnvKeys", "preDeployHook",
            "certHook", "healthCheck", "rollback", "keepReleases", "timeouts", "bootstrapPackages");
    private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

    private TargetFile() {
    }

    public static DeployTarget read(Path file) {
        YamlNode root = YamlNode.readFile("--target-file", file, "target").onlyKeys(KEYS);
        Path base = file.toAbsolutePath().getParent();
        String compose = root.text("composeFile");
        if (compose != null) {
            HostFields.name(root.where("composeFile"), Path.of(compose).getFileName() == null ? compose
                    : Path.of(compose).getFileName().toString());
        }
        Map<String, String> services = releaseServices(root);
        Integer port = root.port("port");
        Integer keep = root.wholeNumber("keepReleases", 1, Integer.MAX_VALUE);
        return new DeployTarget(
                HostFields.text(root.where("environment"), root.text("environment") == null ? "default" : root.text("environment")),
                hosts(root),
                port == null ? 22 : port,
                users(root),
                checked(root, "hostKey", ValueFormat.HOST_KEY),
                HostFields.path(root.where("remoteDir"), root.requiredText("remoteDir", "name the compose project directory on the host")),
                root.has("secretsDir") ? HostFields.path(root.where("secretsDir"), root.text("secretsDir")) : null,
                compose == null ? null : base.resolve(compose),
                services,
                imageEnvKeys(root, services),
                command(root, "preDeployHook"),
                command(root, "certHook"),
                command(root, "healthCheck"),
                rollbackAuto(root),
                keep == null ? ProfileLoader.DEFAULT_KEEP_RELEASES : keep,
                timeouts(root),
                packages(root));
    }

    private static List<String> hosts(YamlNode root) {
        if (root.has("hosts") && root.has("host")) {
            throw root.problem("host", "given together with hosts", "list every host under hosts: and drop host:");
        }
        List<String> hosts = root.has("host") ? List.of(root.text("host")) : root.texts("hosts");
        String key = root.has("host") ? "host" : "hosts";
        if (hosts == null || hosts.isEmpty()) {
            throw root.problem("hosts", "no host is set", "list one or more hosts, e.g. hosts: [app1.example.com]");
        }
        Set<String> seen = new HashSet<>();
        for (String h : hosts) {
            String problem = ValueFormat.HOST.check(h);
            if (problem != null) {
                throw root.problem(key, "'" + h + "' is " + problem, "give a host name or an IP address");
            }
            if (!seen.add(h)) {
                throw root.problem(key, "'" + h + "' is listed twice", "list each host once");
            }
        }
        return List.copyOf(hosts);
    }

    private static List<String> users(YamlNode root) {
        if (root.has("user")) {
            return List.of(checked(root, "user", ValueFormat.USER));
        }
        List<String> users = root.texts("userCandidates");
        if (users == null) {
            return ProfileLoader.DEFAULT_USER_CANDIDATES;
        }
        if (users.isEmpty()) {
            throw root.problem("userCandidates", "is empty", "list the users to try, or leave the key out for "
                    + String.join(", ", ProfileLoader.DEFAULT_USER_CANDIDATES));
        }
        for (String u : users) {
            if (ValueFormat.USER.check(u) != null) {
                throw root.problem("userCandidates", "'" + u + "' is " + ValueFormat.USER.check(u), "use names like ubuntu, debian, root");
            }
        }
        return List.copyOf(users);
    }

    private static String checked(YamlNode root, String key, ValueFormat format) {
        String value = root.text(key);
        if (value != null && format.check(value) != null) {
            throw root.problem(key, format.check(value), "see docs/remote.md");
        }
        return value;
    }

    private static String command(YamlNode root, String key) {
        String value = root.text(key);
        return value == null ? null : HostFields.command(root.where(key), value);
    }

    private static Map<String, String> releaseServices(YamlNode root) {
        Map<String, String> services = root.textMap("releaseServices");
        if (services == null) {
            return Map.of();
        }
        YamlNode at = root.get("releaseServices");
        services.forEach((service, repo) -> {
            if (!service.matches(Release.SERVICE)) {
                throw at.problem(service, "not a compose service name", "use letters, digits, '.', '_' or '-'");
            }
            String problem = ValueFormat.IMAGE_REPO.check(repo);
            if (problem != null) {
                throw at.problem(service, "'" + repo + "' is " + problem, "name a repository such as ghcr.io/owner/app-api");
            }
        });
        return services;
    }

    /** Each key names a service of releaseServices, and each env-file key is used once. */
    private static Map<String, String> imageEnvKeys(YamlNode root, Map<String, String> services) {
        Map<String, String> keys = root.textMap("imageEnvKeys");
        if (keys == null) {
            return Map.of();
        }
        YamlNode at = root.get("imageEnvKeys");
        Set<String> seen = new HashSet<>();
        keys.forEach((service, key) -> {
            if (!services.isEmpty() && !services.containsKey(service)) {
                throw at.problem(service, "not a service of releaseServices (" + String.join(", ", services.keySet()) + ")",
                        "add it to releaseServices or remove it here");
            }
            if (!key.matches(ENV_NAME)) {
                throw at.problem(service, "'" + key + "' is not an env-file key", "use letters, digits and _");
            }
            if (!seen.add(key)) {
                throw at.problem(service, "env-file key " + key + " is used twice", "give each service its own key");
            }
        });
        return keys;
    }

    private static boolean rollbackAuto(YamlNode root) {
        String rollback = root.text("rollback");
        if (rollback == null || rollback.equals("auto")) {
            return true;
        }
        // YAML 1.1 readers turn a bare off into false; accept both spellings, as profiles do.
        if (rollback.equals("off") || rollback.equals("false")) {
            return false;
        }
        throw root.problem("rollback", "'" + rollback + "' is neither auto nor off", "write auto or off");
    }

    /** The file's timeouts over the one table of defaults a profile has too. */
    private static Map<String, Duration> timeouts(YamlNode root) {
        Map<String, String> raw = root.textMap("timeouts");
        return DeployTimeouts.read(raw, root.source() + ": ");
    }

    private static List<String> packages(YamlNode root) {
        List<String> packages = root.texts("bootstrapPackages");
        if (packages == null) {
            return List.of();
        }
        if (packages.isEmpty()) {
            throw root.problem("bootstrapPackages", "is empty", "name the packages, or leave the key out for docker.io and compose");
        }
        for (String p : packages) {
            if (!DeployTarget.PACKAGE_NAME.matcher(p).matches()) {
                throw root.problem("bootstrapPackages", "'" + p + "' is not a Debian package name",
                        "use names as apt-get takes them, e.g. docker.io, docker-compose-v2");
            }
        }
        return List.copyOf(packages);
    }
}
