package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a directory's git index is, found the way git finds it, for the common case only: a
 * {@code .git} directory (or a {@code gitdir:} file of a linked worktree or submodule) above the
 * directory, owned by this user, on the same file system, with a plain configuration. Anything
 * else (git's environment variables, a bare or SHA-256 repository, {@code core.worktree},
 * {@code include}s, another owner) gives null, and the caller asks git itself, which knows
 * every rule and the right error message.
 *
 * @param root   the top of the work tree
 * @param index  the index file (it may not exist yet in a repository without commits)
 * @param prefix the directory's path below {@code root}, "" or ending in '/'
 */
record WorkTree(Path root, Path index, String prefix) {
    /** Variables that move the repository, its index or its configuration. */
    private static final Set<String> GIT_ENVIRONMENT = Set.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG",
            "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_NAMESPACE");
    /** Configuration that changes which files the index describes, or how it is read. */
    private static final String[] UNUSUAL_CONFIG = {"worktree", "objectformat", "include"};
    private static final String GITDIR_FILE_PREFIX = "gitdir: ";
    /** A .git file, commondir or config longer than this is not the common layout. */
    private static final long MAX_SMALL_FILE = 1024 * 1024;

    static WorkTree locate(Path dir) {
        return locate(dir, System.getenv());
    }

    static WorkTree locate(Path dir, Map<String, String> env) {
        for (String name : GIT_ENVIRONMENT) {
            if (env.containsKey(name)) {
                return null;
            }
        }
        try {
            Path start = dir.toRealPath();
            Object device = Files.getAttribute(start, "unix:dev");
            Object user = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            String prefix = "";
            for (Path d = start; d != null; d = d.getParent()) {
                if (!device.equals(Files.getAttribute(d, "unix:dev"))) {
                    return null; // git stops at a file-system boundary; let it say so
                }
                if (Files.exists(d.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
                    return null; // possibly inside a git directory or a bare repository
                }
                Path dotGit = d.resolve(".git");
                if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
                    return of(d, dotGit, dotGit, prefix, user);
                }
                if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
                    Path gitDir = gitDirOf(dotGit);
                    return gitDir == null || !owned(dotGit, user) ? null : of(d, gitDir, commonDir(gitDir), prefix, user);
                }
                if (Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS) || d.getFileName() == null) {
                    return null; // a .git symlink, or the file-system root: git's business
                }
                prefix = d.getFileName() + "/" + prefix;
            }
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static WorkTree of(Path root, Path gitDir, Path commonDir, String prefix, Object user) throws IOException {
        if (commonDir == null || !owned(root, user) || !owned(gitDir, user)
                || !Files.isRegularFile(gitDir.resolve("HEAD")) || !Files.isDirectory(commonDir.resolve("objects"))
                || !plainConfig(commonDir.resolve("config")) || Files.exists(gitDir.resolve("config.worktree"))) {
            return null;
        }
        return new WorkTree(root, gitDir.resolve("index"), prefix);
    }

    private static boolean owned(Path p, Object user) throws IOException {
        return user.equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    /** The target of a {@code gitdir: PATH} file, relative to the file's directory. */
    private static Path gitDirOf(Path dotGitFile) throws IOException {
        String text = read(dotGitFile, StandardCharsets.UTF_8).strip();
        if (!text.startsWith(GITDIR_FILE_PREFIX) || text.contains("\n")) {
            return null;
        }
        Path target = dotGitFile.getParent().resolve(text.substring(GITDIR_FILE_PREFIX.length()));
        return Files.isDirectory(target) ? target.toRealPath() : null;
    }

    /** A linked worktree's git directory shares its configuration and objects through {@code commondir}. */
    private static Path commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        if (!Files.exists(file)) {
            return gitDir;
        }
        Path common = gitDir.resolve(read(file, StandardCharsets.UTF_8).strip());
        return Files.isDirectory(common) ? common.toRealPath() : null;
    }

    /** No setting that could make git list other files than the index's entries. */
    private static boolean plainConfig(Path config) throws IOException {
        if (!Files.exists(config)) {
            return true;
        }
        String text = read(config, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String word : UNUSUAL_CONFIG) {
            if (text.contains(word)) {
                return false;
            }
        }
        for (String line : text.split("\n")) {
            String setting = line.replace(" ", "").replace("\t", "");
            // "bare" alone means true in git's syntax; git init writes "bare = false".
            if (setting.startsWith("bare") && !setting.startsWith("bare=false")) {
                return false;
            }
        }
        return true;
    }

    /**
     * A small file's text, through RandomAccessFile as the scanner reads files: Files.readString
     * would load and initialise the FileChannel classes (about 25) for a few hundred bytes.
     */
    private static String read(Path file, Charset charset) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toString(), "r")) {
            if (in.length() > MAX_SMALL_FILE) {
                throw new IOException(file + " is larger than git's usual layout has it");
            }
            byte[] bytes = new byte[(int) in.length()];
            in.readFully(bytes);
            return new String(bytes, charset);
        }
    }
}
