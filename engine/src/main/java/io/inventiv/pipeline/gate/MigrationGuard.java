package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;

/**
 * Keeps sqlx migrations append-only once deployed. Refuses anything not committed under the
 * directory (what a local run is about to build), two migrations sharing a version, and with a
 * deployed revision: a deployed migration changed or deleted, or a new one that sorts before
 * the newest deployed one (it would run out of order on staging and production).
 */
public final class MigrationGuard {
    private final CommandRunner runner;

    public MigrationGuard(CommandRunner runner) {
        this.runner = runner;
    }

    public record Problem(String path, String problem) {
    }

    /**
     * @param dir       the migrations directory as given
     * @param count     migrations on disk (an up/down pair counts once)
     * @param newest    the highest version on disk, or null when there is none
     * @param since     the revision given with --since, or null
     * @param sinceCommit the commit it resolved to, or null
     * @param problems  every problem found, each with the path it is about
     * @param ok        no problems
     */
    public record Report(String dir, int count, Long newest, String since, String sinceCommit, List<Problem> problems,
            boolean ok) {
    }

    public Report check(Path dir, String since) {
        if (!Files.isDirectory(dir)) {
            throw UsageException.field("--migrations-dir", dir + " does not exist or is not a directory",
                    "give the migrations directory, e.g. --migrations-dir sqlx-migrations");
        }
        if (since != null && (since.isBlank() || since.startsWith("-"))) {
            throw UsageException.field("--since", "'" + since + "' is not a revision", "give the last deployed commit");
        }
        Git git;
        try {
            git = Git.containing(runner, dir);
        } catch (EngineException e) {
            throw UsageException.field("--migrations-dir", dir + " is not inside a usable git working tree (" + e.getMessage() + ")",
                    "run it in the checkout of the app repository");
        }
        String rel = relative(git.top(), dir);
        String sinceCommit = null;
        if (since != null) {
            sinceCommit = git.commit(since).orElseThrow(() -> UsageException.field("--since",
                    "'" + since + "' is not a commit of this repository",
                    "give the last deployed commit; a shallow clone may lack it (fetch with more depth)"));
        }

        List<Problem> problems = new ArrayList<>();
        for (Git.StatusEntry e : git.status(rel.isEmpty() ? "." : rel)) {
            String what = describe(e.code());
            if (what != null && (!e.code().equals("!!") || Migration.looksLikeMigration(fileName(e.path())))) {
                problems.add(new Problem(e.path(), what));
            }
        }
        List<Migration> onDisk = new ArrayList<>();
        for (String name : filesIn(dir)) {
            if (Migration.looksLikeMigration(name)) {
                Optional<Migration> m = Migration.parse(name);
                if (m.isPresent()) {
                    onDisk.add(m.get());
                } else {
                    problems.add(new Problem(join(rel, name),
                            "not a valid migration name: sqlx needs an integer version before the first '_'"));
                }
            }
        }
        problems.addAll(sharedVersions(rel, onDisk));
        if (sinceCommit != null) {
            problems.addAll(sinceDeployed(git, rel, since, sinceCommit));
        }
        long distinct = onDisk.stream().mapToLong(Migration::version).distinct().count();
        Long newest = onDisk.stream().map(Migration::version).max(Comparator.naturalOrder()).orElse(null);
        return new Report(dir.toString(), (int) distinct, newest, since, sinceCommit, List.copyOf(problems),
                problems.isEmpty());
    }

    /** What a deployed commit pins: its migrations may not change, vanish, or be overtaken from below. */
    private static List<Problem> sinceDeployed(Git git, String rel, String since, String commit) {
        Map<String, String> deployed = migrationBlobs(git, commit, rel);
        Map<String, String> head = git.commit("HEAD").map(h -> migrationBlobs(git, h, rel)).orElse(Map.of());
        List<Problem> problems = new ArrayList<>();
        String at = " since " + since + " (deployed migrations are append-only)";
        for (Map.Entry<String, String> d : deployed.entrySet()) {
            String now = head.get(d.getKey());
            if (now == null) {
                problems.add(new Problem(d.getKey(), "deleted" + at));
            } else if (!now.equals(d.getValue())) {
                problems.add(new Problem(d.getKey(), "changed" + at));
            }
        }
        Optional<Migration> newestDeployed = deployed.keySet().stream()
                .flatMap(p -> Migration.parse(fileName(p)).stream())
                .max(Comparator.comparingLong(Migration::version));
        if (newestDeployed.isPresent()) {
            long limit = newestDeployed.get().version();
            for (String path : head.keySet()) {
                Optional<Migration> m = Migration.parse(fileName(path));
                if (!deployed.containsKey(path) && m.isPresent() && m.get().version() <= limit) {
                    problems.add(new Problem(path, "new since " + since + " but its version " + m.get().version()
                            + " does not sort after the newest deployed migration " + newestDeployed.get().fileName()
                            + "; give it a later version"));
                }
            }
        }
        return problems;
    }

    /** sqlx allows one file per version, or an up/down pair of the same description. */
    private static List<Problem> sharedVersions(String rel, List<Migration> migrations) {
        Map<Long, List<Migration>> byVersion = new TreeMap<>();
        for (Migration m : migrations) {
            byVersion.computeIfAbsent(m.version(), v -> new ArrayList<>()).add(m);
        }
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<Long, List<Migration>> e : byVersion.entrySet()) {
            List<Migration> same = e.getValue();
            boolean pair = same.size() == 2 && same.get(0).description().equals(same.get(1).description())
                    && same.stream().map(Migration::kind).distinct().count() == 2
                    && same.stream().noneMatch(m -> m.kind() == Migration.Kind.SIMPLE);
            if (same.size() > 1 && !pair) {
                List<String> names = same.stream().map(Migration::fileName).sorted().toList();
                problems.add(new Problem(join(rel, names.get(0)), "shares version " + e.getKey() + " with "
                        + String.join(", ", names.subList(1, names.size())) + "; give each migration its own timestamp"));
            }
        }
        return problems;
    }

    private static Map<String, String> migrationBlobs(Git git, String commit, String rel) {
        Map<String, String> out = new TreeMap<>();
        String prefix = rel.isEmpty() ? "" : rel + "/";
        git.blobs(commit, rel.isEmpty() ? "." : rel).forEach((path, blob) -> {
            String name = path.substring(prefix.length());
            // sqlx reads only the directory itself, not subdirectories.
            if (path.startsWith(prefix) && !name.contains("/") && Migration.looksLikeMigration(name)) {
                out.put(path, blob);
            }
        });
        return out;
    }

    private static String describe(String code) {
        return switch (code) {
            case "??" -> "untracked: commit it or remove it";
            case "!!" -> "ignored by .gitignore but still in the directory sqlx reads: remove it or commit it";
            default -> code.charAt(0) != ' ' && code.charAt(1) == ' ' ? "staged but not committed"
                    : code.charAt(1) == 'D' ? "deleted but not committed" : "modified but not committed";
        };
    }

    private static List<String> filesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new EngineException("list " + dir + ": " + e.getMessage());
        }
    }

    private static String relative(Path top, Path dir) {
        try {
            return top.toRealPath().relativize(dir.toRealPath()).toString();
        } catch (IOException e) {
            throw new EngineException("resolve " + dir + ": " + e.getMessage());
        }
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }
}
