package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * The regular files git tracks under a directory. The index's file modes tell symlinks (120000)
 * and submodules (160000) apart without a system call per file: neither is read, so a tracked
 * link cannot point the scanner outside the checkout or at a device. In the common layout the
 * index file is read directly ({@link WorkTree}, {@link IndexFile}): starting git and taking
 * 2.5 MB of {@code ls-files} output through the process runner cost a one-shot JVM about
 * 130 ms on a 24 000-file tree, a sixth of the whole scan. Every other case is git's own
 * {@code git ls-files --stage -z}, whatever the repository's size.
 */
public final class TrackedFiles {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private TrackedFiles() {
    }

    private static final String SYMLINK = "120000";
    private static final String SUBMODULE = "160000";

    /** The argv, as data: NUL-separated so no path is quoted or mangled. */
    static Command command(Path repo) {
        return Command.of("git", "-c", "core.quotePath=off", "ls-files", "--stage", "-z")
                .withWorkDir(repo)
                .withTimeout(TIMEOUT);
    }

    /** Paths relative to {@code repo}, in git's order. {@code option} names the flag for messages. */
    public static List<String> list(CommandRunner runner, Path repo, String option) {
        if (!Files.isDirectory(repo)) {
            throw UsageException.field(option, repo + " is not a directory", "pass the checkout to scan");
        }
        List<String> fromIndex = fromIndexFile(repo);
        return fromIndex != null ? fromIndex : fromGit(runner, repo, option);
    }

    /** The index file's entries, or null when git should be asked. */
    static List<String> fromIndexFile(Path repo) {
        WorkTree tree = WorkTree.locate(repo);
        if (tree == null) {
            return null;
        }
        if (!Files.exists(tree.index())) {
            return List.of(); // a repository where nothing was ever added has no index yet
        }
        // RandomAccessFile, as the scanner reads files: Files.readAllBytes would load and
        // initialise the FileChannel classes for this one file.
        try (RandomAccessFile in = new RandomAccessFile(tree.index().toString(), "r")) {
            byte[] index = new byte[Math.toIntExact(in.length())];
            in.readFully(index);
            return IndexFile.parse(index, tree.prefix());
        } catch (IOException | ArithmeticException e) {
            return null;
        }
    }

    static List<String> fromGit(CommandRunner runner, Path repo, String option) {
        ProcessResult r = runner.run(command(repo));
        if (r.timedOut()) {
            throw new EngineException("scan-keys: git ls-files in " + repo + " timed out after "
                    + TIMEOUT.toSeconds() + "s");
        }
        if (r.exitCode() != 0) {
            String why = r.tail(1).strip();
            if (why.contains("not a git repository") || why.contains("must be run in a work tree")) {
                throw UsageException.field(option, repo + " is not inside a git work tree",
                        "pass the checkout to scan (a directory of a non-bare git clone)");
            }
            throw UsageException.field(option, "git ls-files failed in " + repo + ": " + why,
                    "check that git can read this repository (e.g. safe.directory for another owner)");
        }
        String out = r.stdout();
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\0') {
            // The runner keeps a bounded copy of output; a cut list would silently skip files.
            throw new EngineException("scan-keys: the list of tracked files in " + repo
                    + " is larger than the engine captures; scan a subdirectory with --source-dir");
        }
        List<String> paths = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\0') {
                addEntry(out, from, i, paths);
                from = i + 1;
            }
        }
        return paths;
    }

    /** One "MODE OBJECT STAGE\tPATH" entry. */
    private static void addEntry(String out, int from, int to, List<String> paths) {
        int tab = out.indexOf('\t', from);
        if (tab < 0 || tab >= to) {
            return;
        }
        String mode = out.substring(from, Math.min(from + 6, tab));
        if (mode.equals(SYMLINK) || mode.equals(SUBMODULE)) {
            return;
        }
        String path = out.substring(tab + 1, to);
        // An unmerged path is listed once per conflict stage, next to itself.
        if (!path.isEmpty() && (paths.isEmpty() || !paths.get(paths.size() - 1).equals(path))) {
            paths.add(path);
        }
    }
}
