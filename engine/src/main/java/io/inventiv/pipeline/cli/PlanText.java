package io.inventiv.pipeline.cli;

import java.util.List;

import io.inventiv.pipeline.deploy.remote.ChangePlan;
import io.inventiv.pipeline.deploy.remote.HostChanges;

/**
 * The human text of {@code deploy --plan} / {@code rollback --plan}: what a production approver
 * reads before saying yes, so short: one line per host, one per service, one for the env keys
 * (names only), one for the compose file.
 */
final class PlanText {
    private PlanText() {
    }

    static String render(ChangePlan.Result r) {
        long changing = r.hosts().stream().filter(HostChanges::changes).count();
        StringBuilder b = new StringBuilder();
        b.append(r.kind()).append(" plan for ").append(r.environment()).append(", release ").append(r.releaseId())
                .append(": ").append(changing == 0 ? "no change" : "changes on " + changing + " of " + r.hosts().size()
                        + (r.hosts().size() == 1 ? " host" : " hosts"))
                .append(" (nothing was changed)\n");
        for (HostChanges h : r.hosts()) {
            b.append(h.user()).append('@').append(h.host());
            if (h.runningRelease() != null) {
                b.append(", running release ").append(h.runningRelease()).append(" (build ").append(h.runningBuild()).append(')');
            } else {
                b.append(", nothing deployed yet");
            }
            if (!h.releaseId().equals(r.releaseId())) {
                b.append(", to release ").append(h.releaseId());
            }
            b.append(h.changes() ? "" : ": no change").append('\n');
            int width = h.services().stream().mapToInt(s -> s.service().length()).max().orElse(0);
            for (HostChanges.ServiceChange s : h.services()) {
                b.append("  ").append(s.service()).append(":").append(" ".repeat(width - s.service().length() + 1));
                switch (s.change()) {
                    case "new" -> b.append("new, ").append(shortRef(s.next(), s.next()));
                    case "unchanged" -> b.append(shortRef(s.next(), s.next())).append(" (unchanged)");
                    case "start" -> b.append(shortRef(s.next(), s.next())).append(" (stopped, would start)");
                    default -> b.append(s.running() == null ? "an image without digest" : shortRef(s.running(), s.next()))
                            .append(" -> ").append(shortRef(s.next(), s.next()));
                }
                b.append('\n');
            }
            HostChanges.EnvChanges e = h.env();
            b.append("  env file: ").append(envLine(h.env())).append('\n');
            b.append("  compose file: ").append(h.compose()).append('\n');
            HostChanges.SecretFiles f = h.secretFiles();
            if (f != null) {
                String line = (keys("changed", f.changed()) + keys("added", f.added())).replaceAll("; $", "");
                b.append("  secret files: ").append(line.isEmpty() ? "unchanged" : line).append('\n');
            }
            h.warnings().forEach(w -> b.append("  warning: ").append(w).append('\n'));
        }
        return b.toString().stripTrailing();
    }

    private static String envLine(HostChanges.EnvChanges e) {
        return switch (e.file()) {
            case "new" -> "new, keys " + String.join(", ", e.added());
            case "unknown" -> "not readable, changes unknown";
            case "unchanged" -> "unchanged";
            default -> (keys("changed", e.changed()) + keys("added", e.added()) + keys("removed", e.removed()))
                    .replaceAll("; $", "");
        };
    }

    private static String keys(String what, List<String> keys) {
        return keys.isEmpty() ? "" : what + " " + String.join(", ", keys) + "; ";
    }

    /**
     * sha256:<12 hex> when the reference is in the release's repository, else the whole
     * repository with the short digest (another repository is worth seeing).
     */
    static String shortRef(String ref, String next) {
        int at = ref.indexOf('@');
        String digest = ref.substring(at + 1);
        String shortDigest = digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
        String repo = ref.substring(0, at);
        return repo.equals(next.substring(0, next.indexOf('@'))) ? shortDigest : repo + "@" + shortDigest;
    }
}
