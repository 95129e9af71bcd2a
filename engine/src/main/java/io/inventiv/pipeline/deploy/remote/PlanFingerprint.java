package io.inventiv.pipeline.deploy.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code fingerprint} of {@code deploy --plan} / {@code rollback --plan}: sha256 hex of a
 * canonical text of what the plan decides, so the plan an approver said yes to can be compared
 * with the one made again inside the production lock by one string.
 *
 * <p>In: the environment and kind; per host (in the target's order), who is connected, what docker
 * was found, the release the host runs and the one it would get, each service's change with its
 * running and next image, each env key's fate (added, removed, changed), the env, compose and
 * secret files' fate. Out: whatever differs between two plans of the same state (the salted
 * hashes never reach the plan; no time, no build, no warning text, no counts of unchanged keys).
 * Lists are sorted by name, so the order a host reports them in does not count.
 */
public final class PlanFingerprint {
    private static final String VERSION = "inventiv-plan-fingerprint 1";

    private PlanFingerprint() {
    }

    public static String of(String environment, String kind, List<HostChanges> hosts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical(environment, kind, hosts)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per decision, every value quoted (null as {@code null}), so no two plans share a text. */
    static String canonical(String environment, String kind, List<HostChanges> hosts) {
        StringBuilder b = new StringBuilder(VERSION).append('\n');
        line(b, "environment", environment);
        line(b, "kind", kind);
        for (HostChanges h : hosts) {
            line(b, "host", h.user(), h.host());
            line(b, "docker", h.docker());
            line(b, "replaces", h.runningRelease());
            line(b, "installs", h.releaseId());
            List<HostChanges.ServiceChange> services = new ArrayList<>(h.services());
            services.sort(Comparator.comparing(HostChanges.ServiceChange::service));
            for (HostChanges.ServiceChange s : services) {
                line(b, "service", s.service(), s.change(), s.running(), s.next());
            }
            HostChanges.EnvChanges env = h.env();
            line(b, "env", env.file());
            Map<String, String> keys = new TreeMap<>();
            env.added().forEach(k -> keys.put(k, "added"));
            env.removed().forEach(k -> keys.put(k, "removed"));
            env.changed().forEach(k -> keys.put(k, "changed"));
            keys.forEach((k, fate) -> line(b, "env-key", k, fate));
            line(b, "compose", h.compose());
            HostChanges.SecretFiles files = h.secretFiles();
            line(b, "secret-files", files == null ? null : "brought");
            if (files != null) {
                Map<String, String> names = new TreeMap<>();
                files.added().forEach(n -> names.put(n, "added"));
                files.changed().forEach(n -> names.put(n, "changed"));
                names.forEach((n, fate) -> line(b, "secret-file", n, fate));
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String field, String... values) {
        b.append(field);
        for (String v : values) {
            b.append(' ').append(quote(v));
        }
        b.append('\n');
    }

    private static String quote(String v) {
        if (v == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
