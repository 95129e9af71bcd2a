package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the host's audit log ({@code REMOTE_DIR/.inventiv/audit.log}), tab-separated:
 * time, kind (deploy|rollback), result (ok|failed|rolled-back|rollback-failed), release id,
 * build, user, environment, services ({@code svc=repo@sha256:…} joined by commas), and what the
 * release services run once the run ended ({@code new|previous|unknown}, as the JSON's
 * {@code hosts[].running}; absent from lines written before it was recorded: null).
 */
public record AuditEntry(String time, String kind, String result, String releaseId, String build, String user,
                         String environment, Map<String, String> services, String running) {

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
        String running = f.length > 8 && !f[8].isEmpty() ? f[8] : null;
        return new AuditEntry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], services, running);
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

    /**
     * Whether the host ran this line's release once the run ended ({@code new}, or {@code unknown}:
     * a failed rollback left it at least partly in place). A line without the field is read as
     * the engine read it before: only {@code ok} ran.
     */
    boolean leftItsReleaseRunning() {
        return running == null ? ok() : !"previous".equals(running);
    }

    public Release release() {
        Map<String, Release.Image> images = new LinkedHashMap<>();
        services.forEach((s, ref) -> images.put(s, Release.parseImage("audit log " + s, ref)));
        return new Release(images);
    }

    /**
     * The release to roll back to: with a digest, the latest successful release running it;
     * without, the latest successful release the host ran before the one it runs now. What runs
     * now is the last line that left its release running: a failure left in place
     * ({@code rollback: off}, a release whose files could not be saved) counts, so a rollback
     * after it goes to the release before it, not one further back.
     */
    public static AuditEntry rollbackTarget(List<AuditEntry> log, String digest) {
        if (digest != null) {
            for (int i = log.size() - 1; i >= 0; i--) {
                AuditEntry e = log.get(i);
                if (e.ok() && e.services().values().stream().anyMatch(ref -> ref.endsWith("@" + digest))) {
                    return e;
                }
            }
            return null;
        }
        List<AuditEntry> ran = log.stream().filter(AuditEntry::leftItsReleaseRunning).toList();
        if (ran.isEmpty()) {
            return null;
        }
        String current = ran.get(ran.size() - 1).releaseId();
        // Only an "ok" release has its files kept on the host: a failed one cannot be gone back to.
        for (int i = ran.size() - 2; i >= 0; i--) {
            if (ran.get(i).ok() && !ran.get(i).releaseId().equals(current)) {
                return ran.get(i);
            }
        }
        return null;
    }
}
