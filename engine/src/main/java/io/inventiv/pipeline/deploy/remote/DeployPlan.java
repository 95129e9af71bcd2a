package io.inventiv.pipeline.deploy.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.DeployTimeouts;

/**
 * Everything one host-side run needs, as data: the parameters (each value quoted for the
 * host's shell), and the upload (script, parameters, env file, compose file, secrets, pull
 * token). The same plan is sent to every host of a rolling deploy.
 */
public final class DeployPlan {
    /** A pull token for the host's {@code docker login}; the password reaches the host only inside the upload. */
    public record RegistryLogin(String registry, String username, String password) {
        @Override
        public String toString() {
            return "RegistryLogin[" + registry + ", " + username + "]";
        }
    }

    private final String kind;
    private final String releaseId;
    private final Release release;
    private final DeployTarget target;
    private final Map<String, String> params;
    private final byte[] upload;
    private final Duration total;

    private DeployPlan(String kind, String releaseId, Release release, DeployTarget target,
                       Map<String, String> params, byte[] upload, Duration total) {
        this.kind = kind;
        this.releaseId = releaseId;
        this.release = release;
        this.target = target;
        this.params = params;
        this.upload = upload;
        this.total = total;
    }

    /** A deploy of new files: env text (already holding the image references), compose text, secret files. */
    public static DeployPlan deploy(DeployTarget target, Release release, String envText, String composeText,
                                    Map<String, byte[]> secrets, String build, Duration lockWait,
                                    RegistryLogin login) {
        checkOwnership(target, release);
        String id = releaseId(target.environment(), release, envText, composeText);
        TarArchive tar = new TarArchive();
        tar.add("files/env", envText);
        tar.add("files/compose", composeText);
        if (secrets != null && !secrets.isEmpty()) {
            if (target.secretsDir() == null) {
                throw UsageException.field("--secrets-dir", "secret files were given but the target has no secretsDir",
                        "set secretsDir in the profile");
            }
            new TreeMap<>(secrets).forEach((name, bytes) -> tar.add("secrets/" + HostFields.name("--secrets-dir file", name), bytes));
        }
        return build("deploy", id, release, target, build, lockWait, login, tar);
    }

    /** A rollback to a release whose files the host kept (its id, from the audit log). */
    public static DeployPlan rollback(DeployTarget target, String releaseId, Release release, String build,
                                      Duration lockWait, RegistryLogin login) {
        if (!releaseId.matches("[0-9a-f]{16}")) {
            throw UsageException.field("release", "'" + releaseId + "' is not a release id", "pick one from status");
        }
        return build("rollback", releaseId, release, target, build, lockWait, login, new TarArchive());
    }

    /**
     * The checks of a target that need no release: what deploy would refuse in the target itself.
     * validate-env runs them too, so it accepts exactly what deploy accepts.
     */
    public static void checkTarget(DeployTarget target) {
        HostFields.text("environment", target.environment());
        HostFields.path("remoteDir", target.remoteDir());
        if (target.secretsDir() != null) {
            HostFields.path("secretsDir", target.secretsDir());
        }
        composeName(target);
        lease(target.timeouts());
        HostFields.command("healthCheck", target.healthCheck());
        HostFields.command("preDeployHook", target.preDeployHook());
        HostFields.command("certHook", target.certHook());
    }

    private static DeployPlan build(String kind, String id, Release release, DeployTarget target, String build,
                                    Duration lockWait, RegistryLogin login, TarArchive tar) {
        checkTarget(target);
        Map<String, Duration> t = target.timeouts();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("KIND", kind);
        // The host's protocol lines carry it: a hook or a container printing "@@exit 0" is not believed.
        p.put("NONCE", newNonce());
        p.put("RELEASE_ID", id);
        p.put("ENVIRONMENT", HostFields.text("environment", target.environment()));
        p.put("BUILD", HostFields.text("--build", build == null || build.isBlank() ? "manual" : build));
        p.put("REMOTE_DIR", HostFields.path("remoteDir", target.remoteDir()));
        p.put("SECRETS_DIR", target.secretsDir() == null ? "" : HostFields.path("secretsDir", target.secretsDir()));
        p.put("COMPOSE_NAME", composeName(target));
        p.put("RELEASE", release.hostLines());
        p.put("SERVICES", String.join(" ", release.services().keySet()));
        Duration wait = lockWait != null ? lockWait : DeployTimeouts.of(t, "lockWait");
        p.put("LOCK_WAIT", Long.toString(wait.toSeconds()));
        p.put("LEASE_SECONDS", Long.toString(lease(t).toSeconds()));
        p.put("PULL_TIMEOUT", Long.toString(DeployTimeouts.of(t, "pull").toSeconds()));
        p.put("UP_TIMEOUT", Long.toString(DeployTimeouts.of(t, "up").toSeconds()));
        p.put("HOOK_TIMEOUT", Long.toString(DeployTimeouts.of(t, "hook").toSeconds()));
        p.put("HEALTH_TIMEOUT", Long.toString(DeployTimeouts.of(t, "health").toSeconds()));
        p.put("HEALTH_CHECK", HostFields.command("healthCheck", target.healthCheck()));
        p.put("PRE_DEPLOY_HOOK", HostFields.command("preDeployHook", target.preDeployHook()));
        p.put("CERT_HOOK", HostFields.command("certHook", target.certHook()));
        p.put("ROLLBACK_AUTO", target.rollbackAuto() ? "1" : "0");
        p.put("KEEP_RELEASES", Integer.toString(Math.max(1, target.keepReleases())));
        p.put("REGISTRY", login == null ? "" : login.registry());
        p.put("REGISTRY_USER", login == null ? "" : HostFields.text("REGISTRY_USERNAME", login.username()));
        if (login != null) {
            tar.add("registry-password", login.password());
        }
        StringBuilder script = new StringBuilder("# written by inventiv-pipeline; every value is single-quoted\n");
        p.forEach((k, v) -> script.append(ShellQuote.assignment(k, v)).append('\n'));
        tar.add("params.sh", script.toString());
        tar.add("deploy.sh", RemoteScripts.load("deploy.sh"));
        // Last in the archive: tar may end quietly on a stream cut at a file boundary.
        tar.add("upload-complete", "");
        Duration total = DeployTimeouts.of(t, "total");
        return new DeployPlan(kind, id, release, target, Map.copyOf(p), tar.bytes(), total);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A target built in code skips the file readers' check of the lease: check it here too. */
    private static Duration lease(Map<String, Duration> timeouts) {
        Duration lease = DeployTimeouts.of(timeouts, "lease");
        if (lease.compareTo(DeployTimeouts.MIN_LEASE) < 0) {
            throw UsageException.field("timeouts.lease", Durations.format(lease) + " is shorter than "
                    + Durations.format(DeployTimeouts.MIN_LEASE), "give the lock a lease of at least "
                    + Durations.format(DeployTimeouts.MIN_LEASE) + " (default " + Durations.format(DeployTimeouts.DEFAULTS.get("lease")) + ")");
        }
        return lease;
    }

    /** Every service the target says the release owns must be in the release, from the same repository. */
    private static void checkOwnership(DeployTarget target, Release release) {
        Map<String, String> owned = target.releaseServices();
        if (owned == null || owned.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> e : owned.entrySet()) {
            Release.Image img = release.services().get(e.getKey());
            if (img == null) {
                throw UsageException.field("--release", "service " + e.getKey() + " of the release is missing",
                        "give a digest for every release service: " + String.join(", ", owned.keySet()));
            }
            if (e.getValue() != null && !e.getValue().isBlank() && !e.getValue().equals(img.repository())) {
                throw UsageException.field("--release " + e.getKey(), img.repository() + " is not the service's repository "
                        + e.getValue(), "deploy the digest promoted in " + e.getValue());
            }
        }
        for (String s : release.services().keySet()) {
            if (!owned.containsKey(s)) {
                throw UsageException.field("--release " + s, "not a service the release owns",
                        "the target's release services are " + String.join(", ", owned.keySet()));
            }
        }
    }

    private static String composeName(DeployTarget target) {
        if (target.composeFile() == null) {
            return "docker-compose.yml";
        }
        return HostFields.name("composeFile", target.composeFile().getFileName().toString());
    }

    static String releaseId(String environment, Release release, String envText, String composeText) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {environment, release.hostLines(), envText, composeText}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String kind() {
        return kind;
    }

    public String releaseId() {
        return releaseId;
    }

    public Release release() {
        return release;
    }

    public DeployTarget target() {
        return target;
    }

    /** The host-side run directory's name: re-running the same plan re-attaches to it. */
    public String runId() {
        return kind + "-" + releaseId;
    }

    /** The per-run marker of the host's protocol lines ({@code @@NONCE tag ...}). */
    String nonce() {
        return params.get("NONCE");
    }

    public String stateDir() {
        return params.get("REMOTE_DIR") + "/.inventiv";
    }

    Map<String, String> params() {
        return params;
    }

    byte[] upload() {
        return upload;
    }

    public Duration total() {
        return total;
    }
}
