package io.inventiv.pipeline.build;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Works out which commit is being built from the CI environment and git, the way Jenkins
 * multibranch (and the GitHub PR plugins) describe a build:
 * <ul>
 * <li>an explicit commit wins;</li>
 * <li>on a pull-request build ({@code CHANGE_ID}, {@code ghprbPullId}, {@code GITHUB_PR_NUMBER}) the PR
 * head commit: {@code GITHUB_PR_HEAD_SHA} / {@code ghprbActualCommit}, else the second parent of the
 * merge commit Jenkins checked out (its first parent is the target branch tip);</li>
 * <li>else {@code GIT_COMMIT}, else {@code git rev-parse HEAD}.</li>
 * </ul>
 */
public final class RevisionResolver {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(30);

    private final CommandRunner runner;
    private final Map<String, String> env;
    private final Path dir;

    public RevisionResolver(CommandRunner runner, Map<String, String> env, Path dir) {
        this.runner = runner;
        this.env = env;
        this.dir = dir;
    }

    public Revision resolve(String explicitCommit) {
        boolean inGit = git("rev-parse", "--is-inside-work-tree").ok();
        String pr = first(env.get("CHANGE_ID"), env.get("ghprbPullId"), env.get("GITHUB_PR_NUMBER"));
        String commit;
        String field;
        if (present(explicitCommit)) {
            commit = explicitCommit;
            field = "--commit";
        } else if (pr != null && first(env.get("GITHUB_PR_HEAD_SHA"), env.get("ghprbActualCommit")) != null) {
            field = present(env.get("GITHUB_PR_HEAD_SHA")) ? "GITHUB_PR_HEAD_SHA" : "ghprbActualCommit";
            commit = env.get(field);
        } else {
            field = present(env.get("GIT_COMMIT")) ? "GIT_COMMIT" : "git HEAD";
            commit = present(env.get("GIT_COMMIT")) ? env.get("GIT_COMMIT") : headCommit(inGit);
            if (pr != null && inGit) {
                commit = pullRequestHead(checkCommit(commit, field));
            }
        }
        commit = checkCommit(commit, field);
        boolean dirty = inGit && !git("status", "--porcelain", "--untracked-files=no").stdout().isBlank();
        return new Revision(commit, dirty, releaseTag(), branch(inGit, pr), pr, createdEpoch(inGit, commit),
                sourceUrl());
    }

    private String headCommit(boolean inGit) {
        if (!inGit) {
            throw UsageException.field("GIT_COMMIT", "not set and " + dir + " is not a git work tree",
                    "run in the checkout or pass --commit");
        }
        ProcessResult r = git("rev-parse", "--verify", "HEAD");
        if (!r.ok()) {
            throw UsageException.field("git HEAD", "the repository has no commit", "commit first or pass --commit");
        }
        return r.stdout().strip();
    }

    /** Jenkins' merge checkout: HEAD = merge(target tip, PR head); the tag must name the PR head. */
    private String pullRequestHead(String checkedOut) {
        String[] ids = git("rev-list", "--parents", "-n", "1", checkedOut).stdout().strip().split("\\s+");
        if (ids.length != 3) {
            return checkedOut;
        }
        String target = env.get("CHANGE_TARGET");
        if (present(target)) {
            ProcessResult tip = git("rev-parse", "--verify", "-q", "refs/remotes/origin/" + target);
            // A PR whose own head is a merge commit is not Jenkins' synthetic merge: keep it.
            if (tip.ok() && !tip.stdout().strip().equals(ids[1])) {
                return checkedOut;
            }
        }
        return ids[2];
    }

    private static String checkCommit(String commit, String field) {
        String c = commit == null ? "" : commit.strip().toLowerCase(java.util.Locale.ROOT);
        if (!COMMIT.matcher(c).matches()) {
            throw UsageException.field(field, "'" + commit + "' is not a full commit id",
                    "give the 40-hex-character commit (git rev-parse HEAD)");
        }
        return c;
    }

    /** The release tag of a tag build (Jenkins sets TAG_NAME); only {@code v*} tags are releases. */
    private String releaseTag() {
        String tag = env.get("TAG_NAME");
        if (!present(tag) || !tag.startsWith("v")) {
            return null;
        }
        return ImageNames.tag(tag.strip(), "TAG_NAME");
    }

    private String branch(boolean inGit, String pr) {
        if (pr != null) {
            return first(env.get("CHANGE_BRANCH"), env.get("BRANCH_NAME"));
        }
        String b = first(env.get("BRANCH_NAME"), env.get("GIT_BRANCH"));
        if (b == null && inGit) {
            ProcessResult r = git("symbolic-ref", "--short", "-q", "HEAD");
            b = r.ok() ? r.stdout().strip() : null;
        }
        if (b != null && b.startsWith("origin/")) {
            b = b.substring("origin/".length());
        }
        return b == null || b.isBlank() ? null : b;
    }

    /** SOURCE_DATE_EPOCH, else the commit time: the same commit always gets the same {@code .created}. */
    private long createdEpoch(boolean inGit, String commit) {
        String sde = env.get("SOURCE_DATE_EPOCH");
        if (present(sde)) {
            try {
                return Long.parseLong(sde.strip());
            } catch (NumberFormatException e) {
                throw UsageException.field("SOURCE_DATE_EPOCH", "'" + sde + "' is not a number of seconds",
                        "set it to the commit time, e.g. $(git log -1 --format=%ct)");
            }
        }
        ProcessResult r = inGit ? git("show", "-s", "--format=%ct", commit) : null;
        if (r == null || !r.ok()) {
            throw UsageException.field("SOURCE_DATE_EPOCH", "not set and the commit time of " + commit
                    + " is not readable from git", "set SOURCE_DATE_EPOCH or build in a checkout that has the commit");
        }
        return Long.parseLong(r.stdout().strip());
    }

    /** GIT_URL without user:password@ (a checkout URL may carry a token). */
    private String sourceUrl() {
        String url = first(env.get("INVENTIV_SOURCE_URL"), env.get("GIT_URL"));
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() != null && u.getHost() != null) {
                String path = u.getPath() == null ? "" : u.getPath().replaceAll("\\.git$", "");
                return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path;
            }
        } catch (IllegalArgumentException notAUri) {
            // scp-like git@host:owner/repo.git: no password can be in it
        }
        return url.contains("@") && url.contains("://") ? null : url.strip();
    }

    private ProcessResult git(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return runner.run(Command.of(argv).withTimeout(GIT_TIMEOUT));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (present(v)) {
                return v.strip();
            }
        }
        return null;
    }
}
