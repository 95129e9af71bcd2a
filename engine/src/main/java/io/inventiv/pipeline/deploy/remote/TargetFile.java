package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;

/**
 * Reads a {@link DeployTarget} from a small YAML/JSON file ({@code --target FILE}) whose keys are
 * the record's fields: the way to drive the remote commands without a profile (tests, one-off
 * hosts). Relative paths are resolved against the file's directory. Unknown keys are errors.
 */
public final class TargetFile {
    private static final List<String> KEYS = List.of("environment", "hosts", "host", "port", "userCandidates", "user",
            "hostKey", "remoteDir", "secretsDir", "composeFile", "releaseServices", "imageEnvKeys", "preDeployHook",
            "certHook", "healthCheck", "rollback", "keepReleases", "timeouts", "bootstrapPackages");

    private TargetFile() {
    }

    public static DeployTarget read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw UsageException.field("--target", "cannot read " + file + ": " + e.getMessage(),
                    "pass a YAML or JSON file with the deploy target's fields");
        }
        if (root == null || !root.isObject()) {
            throw UsageException.field("--target", file + " is not a YAML/JSON object", "see docs/remote.md");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw UsageException.field("--target " + k, "unknown key", "use one of " + String.join(", ", KEYS));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        List<String> hosts = strings(root, "hosts");
        if (hosts.isEmpty() && root.hasNonNull("host")) {
            hosts = List.of(root.get("host").asText());
        }
        if (hosts.isEmpty()) {
            throw UsageException.field("--target hosts", "no host is set", "list one or more hosts");
        }
        List<String> users = strings(root, "userCandidates");
        if (root.hasNonNull("user")) {
            users = List.of(root.get("user").asText());
        }
        if (users.isEmpty()) {
            users = List.of("ubuntu", "debian", "root");
        }
        String remoteDir = text(root, "remoteDir");
        if (remoteDir == null) {
            throw UsageException.field("--target remoteDir", "not set", "name the compose project directory on the host");
        }
        String compose = text(root, "composeFile");
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        root.path("timeouts").fields().forEachRemaining(e ->
                timeouts.put(e.getKey(), Durations.parse("--target timeouts." + e.getKey(), e.getValue().asText())));
        String rollback = root.path("rollback").asText("auto");
        if (!rollback.equals("auto") && !rollback.equals("off")) {
            throw UsageException.field("--target rollback", "'" + rollback + "' is neither auto nor off", "write auto or off");
        }
        return new DeployTarget(
                root.path("environment").asText("default"),
                hosts,
                root.path("port").asInt(22),
                users,
                text(root, "hostKey"),
                remoteDir,
                text(root, "secretsDir"),
                compose == null ? null : base.resolve(compose),
                map(root, "releaseServices"),
                map(root, "imageEnvKeys"),
                text(root, "preDeployHook"),
                text(root, "certHook"),
                text(root, "healthCheck"),
                rollback.equals("auto"),
                root.path("keepReleases").asInt(3),
                timeouts,
                packages(root));
    }

    private static List<String> packages(JsonNode root) {
        List<String> packages = strings(root, "bootstrapPackages");
        for (String p : packages) {
            if (!DeployTarget.PACKAGE_NAME.matcher(p).matches()) {
                throw UsageException.field("--target bootstrapPackages", "'" + p + "' is not a Debian package name",
                        "use names as apt-get takes them, e.g. docker.io, docker-compose-v2");
            }
        }
        return List.copyOf(packages);
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode root, String key) {
        List<String> out = new ArrayList<>();
        root.path(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> map(JsonNode root, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        root.path(key).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
