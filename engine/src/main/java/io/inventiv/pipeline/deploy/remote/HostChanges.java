package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a deploy or rollback would change on one host, found by comparing what it has now
 * ({@link HostState}) with what the release brings: one host of {@code deploy --plan --json}.
 * Env keys are named, never valued.
 *
 * @param docker         ok, none or unreachable: the host's docker as the plan found it
 * @param releaseId      the release the deploy would install
 * @param runningRelease the release the host runs now (the audit log's last line that left its release
 *                       running: an "ok", or a failure left in place), or null
 * @param compose        new (the host has none), changed or unchanged
 * @param changes        true when anything above would change
 */
public record HostChanges(String host, String user, String docker, String releaseId, String runningRelease,
                          String runningBuild, List<ServiceChange> services, EnvChanges env, String compose,
                          SecretFiles secretFiles, boolean changes, List<String> warnings) {

    /**
     * One release service. {@code running}: the {@code repo@sha256:…} its container runs (null
     * with no container, or an image known by no digest); {@code change}: new (no container yet),
     * update (another digest), start (same digest, container stopped) or unchanged.
     */
    public record ServiceChange(String service, String running, String next, String change) {
    }

    /**
     * The env file's keys by what happens to their values (comments and order are not compared);
     * {@code file}: new, changed, unchanged, or unknown when the host's file is not readable.
     */
    public record EnvChanges(String file, List<String> added, List<String> removed, List<String> changed,
                             int unchanged) {
    }

    /**
     * The files of {@code --secrets-dir} by what the deploy does to the host's copies (files
     * the host has and the deploy does not bring are left alone, so not listed); null when the
     * deploy brings none.
     */
    public record SecretFiles(List<String> added, List<String> changed, int unchanged) {
    }

    static HostChanges of(String host, String user, HostState state, String releaseId, Release release,
                          Map<String, String> nextEnv, String nextCompose, Map<String, String> nextSecretFiles) {
        List<ServiceChange> services = new ArrayList<>();
        release.services().forEach((service, image) -> services.add(service(service, image, state.of(service))));
        EnvChanges env = state.envUnreadable() ? new EnvChanges("unknown", List.of(), List.of(), List.of(), 0)
                : env(state.env(), nextEnv);
        String compose = state.compose() == null ? "new" : state.compose().equals(nextCompose) ? "unchanged" : "changed";
        SecretFiles secrets = secretFiles(state.secretFiles(), nextSecretFiles);
        boolean changes = !env.file().equals("unchanged") || !compose.equals("unchanged")
                || secrets != null && !(secrets.added().isEmpty() && secrets.changed().isEmpty())
                || services.stream().anyMatch(s -> !s.change().equals("unchanged"));
        List<String> warnings = new ArrayList<>(state.warnings());
        if (state.envUnreadable()) {
            warnings.add("the host's env file is not readable by " + user + ": its key changes are unknown");
        }
        if (!state.docker().equals("ok")) {
            warnings.add("docker is " + state.docker() + " on the host: what runs is unknown and a deploy would fail");
        }
        AuditEntry current = state.current();
        return new HostChanges(host, user, state.docker(), releaseId, current == null ? null : current.releaseId(),
                current == null ? null : current.build(), List.copyOf(services), env, compose, secrets, changes,
                List.copyOf(warnings));
    }

    private static ServiceChange service(String service, Release.Image image, List<HostState.Container> containers) {
        String next = image.reference();
        if (containers.isEmpty()) {
            return new ServiceChange(service, null, next, "new");
        }
        if (containers.stream().allMatch(c -> c.digests().contains(next))) {
            return new ServiceChange(service, next, next,
                    containers.stream().allMatch(HostState.Container::running) ? "unchanged" : "start");
        }
        // What runs: the digest in the release's repository if the image has one, else any it has.
        List<String> digests = containers.stream().filter(c -> !c.digests().contains(next)).findFirst()
                .map(HostState.Container::digests).orElse(List.of());
        String running = digests.stream().filter(d -> d.startsWith(image.repository() + "@")).findFirst()
                .orElse(digests.isEmpty() ? null : digests.get(0));
        return new ServiceChange(service, running, next, "update");
    }

    private static SecretFiles secretFiles(Map<String, String> now, Map<String, String> next) {
        if (next == null || next.isEmpty()) {
            return null;
        }
        KeyDiff diff = KeyDiff.of(now, next);
        return new SecretFiles(diff.added(), diff.changed(), diff.unchanged());
    }

    private static EnvChanges env(Map<String, String> now, Map<String, String> next) {
        KeyDiff diff = KeyDiff.of(now == null ? Map.of() : now, next);
        boolean same = diff.added().isEmpty() && diff.changed().isEmpty() && diff.removed().isEmpty();
        String file = now == null ? "new" : same ? "unchanged" : "changed";
        return new EnvChanges(file, diff.added(), diff.removed(), diff.changed(), diff.unchanged());
    }

    /** Keys of {@code next} against {@code now}, by value: added, changed, unchanged; and keys only {@code now} has. */
    private record KeyDiff(List<String> added, List<String> changed, List<String> removed, int unchanged) {
        static KeyDiff of(Map<String, String> now, Map<String, String> next) {
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            int unchanged = 0;
            for (Map.Entry<String, String> e : next.entrySet()) {
                String was = now.get(e.getKey());
                if (was == null) {
                    added.add(e.getKey());
                } else if (was.equals(e.getValue())) {
                    unchanged++;
                } else {
                    changed.add(e.getKey());
                }
            }
            for (String key : now.keySet()) {
                if (!next.containsKey(key)) {
                    removed.add(key);
                }
            }
            return new KeyDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(removed), unchanged);
        }
    }
}
