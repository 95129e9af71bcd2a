package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the host's audit log ({@code REMOTE_DIR/.inventiv/audit.log}), tab-separated:
 * time, kind (deploy|rollback), result (ok|failed|rolled-back|rollback-failed), release id,
 * build, user, environment, services ({@code svc=repo@sha256:…} joined by commas).
 */
public record AuditEntry(String time, String kind, String result, String releaseId, String build, String user,
                         String environment, Map<String, String> services) {

    public static AuditEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 8) {
            return null;
        }
        Map<String, String> services = new LinkedHashMap<>();
        for (String s : f[7].split(",")) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                services.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return new AuditEntry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], services);
    }

    public static List<AuditEntry> parseAll(String text) {
        List<AuditEntry> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            AuditEntry e = line.isBlank() ? null : parse(line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    public boolean ok() {
        return "ok".equals(result);
    }

    public Release release() {
        Map<String, Release.Image> images = new LinkedHashMap<>();
        services.forEach((s, ref) -> images.put(s, Release.parseImage("audit log " + s, ref)));
        return new Release(images);
    }

    /**
     * The release to roll back to: with a digest, the latest successful release running it;
     * without, the latest successful release before the one that runs now.
     */
    public static AuditEntry rollbackTarget(List<AuditEntry> log, String digest) {
        List<AuditEntry> ok = log.stream().filter(AuditEntry::ok).toList();
        if (digest != null) {
            for (int i = ok.size() - 1; i >= 0; i--) {
                if (ok.get(i).services().values().stream().anyMatch(ref -> ref.endsWith("@" + digest))) {
                    return ok.get(i);
                }
            }
            return null;
        }
        if (ok.isEmpty()) {
            return null;
        }
        String current = ok.get(ok.size() - 1).releaseId();
        for (int i = ok.size() - 2; i >= 0; i--) {
            if (!ok.get(i).releaseId().equals(current)) {
                return ok.get(i);
            }
        }
        return null;
    }
}
