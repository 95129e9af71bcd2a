package io.inventiv.pipeline.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * The few git queries the guards need, as argv run through the CommandRunner in one working
 * tree. Output is read with {@code -z} so any file name survives.
 */
public final class Git {
    private final CommandRunner runner;
    private final Path top;

    private Git(CommandRunner runner, Path top) {
        this.runner = runner;
        this.top = top;
    }

    /**
     * The repository holding {@code dir}; when there is none, throws with git's own reason
     * (not a repository, or e.g. "dubious ownership" of a checkout made by another user).
     */
    public static Git containing(CommandRunner runner, Path dir) {
        ProcessResult r = runner.run(Command.of("git", "-C", dir.toString(), "rev-parse", "--show-toplevel"));
        if (!r.ok()) {
            throw new EngineException(r.tail(1).replaceFirst("^fatal: ", "").strip());
        }
        return new Git(runner, Path.of(r.stdout().strip()));
    }

    public Path top() {
        return top;
    }

    /** The full commit id {@code rev} names, or empty when there is no such commit here. */
    public Optional<String> commit(String rev) {
        ProcessResult r = git("rev-parse", "--verify", "--quiet", rev + "^{commit}");
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /** One {@code git status} entry: the two status letters and the path relative to the top. */
    public record StatusEntry(String code, String path) {
    }

    /** Everything not committed under {@code path}: staged, modified, deleted, untracked and ignored files. */
    public List<StatusEntry> status(String path) {
        ProcessResult r = checked("status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching",
                "--", path);
        List<StatusEntry> out = new ArrayList<>();
        String[] fields = r.stdout().split("\0");
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (f.length() < 4) {
                continue;
            }
            String code = f.substring(0, 2);
            out.add(new StatusEntry(code, f.substring(3)));
            if (code.indexOf('R') >= 0 || code.indexOf('C') >= 0) {
                i++; // a rename or copy is followed by its source path
            }
        }
        return out;
    }

    /** Path → blob id of every file under {@code path} at {@code commit}, paths relative to the top. */
    public Map<String, String> blobs(String commit, String path) {
        ProcessResult r = checked("ls-tree", "-r", "-z", "--full-tree", commit, "--", path);
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : r.stdout().split("\0")) {
            int tab = entry.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String[] meta = entry.substring(0, tab).split(" ");
            if (meta.length == 3 && "blob".equals(meta[1])) {
                out.put(entry.substring(tab + 1), meta[2]);
            }
        }
        return out;
    }

    private ProcessResult git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", top.toString()));
        argv.addAll(List.of(args));
        return runner.run(Command.of(argv));
    }

    private ProcessResult checked(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", top.toString()));
        argv.addAll(List.of(args));
        return runner.runChecked(Command.of(argv), OutputListener.NONE, "git " + args[0]);
    }
}
