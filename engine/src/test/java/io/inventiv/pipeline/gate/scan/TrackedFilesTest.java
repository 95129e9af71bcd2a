package io.inventiv.pipeline.gate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * The index file read in-process lists exactly what {@code git ls-files --stage -z} lists, on
 * real repositories built here with git in every index format and layout it has; the layouts
 * the reader leaves to git (split and sparse indexes, git's environment) fall back to git.
 */
class TrackedFilesTest {
    private static final CommandRunner RUNNER = new CommandRunner();

    @TempDir
    Path tmp;

    private static String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always"));
        argv.addAll(Arrays.asList(args));
        return Processes.run(argv, dir);
    }

    private Path repoWithEveryKindOfEntry() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("src/deep/er"));
        git(repo, "init", "-q", "-b", "main", ".");
        Files.writeString(repo.resolve("README.md"), "readme\n");
        Files.writeString(repo.resolve("src/main.rs"), "fn main() {}\n");
        Files.writeString(repo.resolve("src/deep/er/x.txt"), "x\n");
        Files.writeString(repo.resolve("run.sh"), "#!/bin/sh\n");
        repo.resolve("run.sh").toFile().setExecutable(true);
        Files.writeString(repo.resolve("src/ünïcødé name.txt"), "u\n");
        Files.writeString(repo.resolve("src/tab\there \"quoted\"\nnewline.txt"), "odd\n");
        Files.createSymbolicLink(repo.resolve("link.txt"), Path.of("README.md"));
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one");
        String blob = git(repo, "rev-parse", "HEAD:README.md").strip();
        String commit = git(repo, "rev-parse", "HEAD").strip();
        // A submodule entry, and a path longer than the 12-bit length field of an entry.
        git(repo, "update-index", "--add", "--cacheinfo", "160000," + commit + ",vendor/sub");
        String longPath = ("d".repeat(200) + "/").repeat(22) + "long.txt";
        git(repo, "update-index", "--add", "--cacheinfo", "100644," + blob + "," + longPath);
        // Extended flags (version 3 entries): intent-to-add and skip-worktree.
        Files.writeString(repo.resolve("src/intent.txt"), "later\n");
        git(repo, "add", "-N", "src/intent.txt");
        git(repo, "update-index", "--skip-worktree", "src/main.rs");
        return repo;
    }

    /** Files in two directories and at the top, committed: what a checkout looks like. */
    private Path committedRepo(String name) throws IOException {
        Path repo = tmp.resolve(name);
        Files.createDirectories(repo.resolve("a/deep"));
        Files.createDirectories(repo.resolve("b"));
        git(repo, "init", "-q", "-b", "main", ".");
        Files.writeString(repo.resolve("top.txt"), "t\n");
        Files.writeString(repo.resolve("a/deep/one.txt"), "1\n");
        Files.writeString(repo.resolve("b/two.txt"), "2\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one");
        return repo;
    }

    private static void assertSameAsGit(Path dir) {
        List<String> fromIndex = TrackedFiles.fromIndexFile(dir);
        assertThat(fromIndex).as("read from the index file in %s", dir).isNotNull();
        assertThat(fromIndex).isEqualTo(TrackedFiles.fromGit(RUNNER, dir, "--source-dir"));
    }

    @Test
    void everyIndexVersionListsWhatGitListsAndNoLinksOrSubmodules() throws IOException {
        Path repo = repoWithEveryKindOfEntry();
        for (String version : List.of("2", "3", "4", "2")) {
            git(repo, "update-index", "--index-version", version);
            assertSameAsGit(repo);
        }
        List<String> files = TrackedFiles.fromIndexFile(repo);
        assertThat(files).contains("README.md", "run.sh", "src/ünïcødé name.txt", "src/tab\there \"quoted\"\nnewline.txt",
                "src/intent.txt", "src/main.rs").doesNotContain("link.txt", "vendor/sub");
        assertThat(files).anyMatch(p -> p.endsWith("/long.txt") && p.length() > 4096);
    }

    @Test
    void aSubdirectoryListsItsOwnFilesRelativeToItself() throws IOException {
        Path repo = repoWithEveryKindOfEntry();
        git(repo, "update-index", "--index-version", "4");
        assertSameAsGit(repo.resolve("src"));
        assertSameAsGit(repo.resolve("src/deep"));
        assertThat(TrackedFiles.fromIndexFile(repo.resolve("src/deep"))).containsExactly("er/x.txt");
    }

    @Test
    void anUnmergedPathIsListedOnce() throws IOException {
        Path repo = tmp.resolve("conflict");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main", ".");
        Files.writeString(repo.resolve("a.txt"), "base\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        git(repo, "checkout", "-q", "-b", "other");
        Files.writeString(repo.resolve("a.txt"), "other\n");
        git(repo, "commit", "-q", "-am", "other");
        git(repo, "checkout", "-q", "main");
        Files.writeString(repo.resolve("a.txt"), "main\n");
        git(repo, "commit", "-q", "-am", "main");
        List<String> merge = List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "merge", "other");
        assertThatThrownBy(() -> Processes.run(merge, repo)).hasMessageContaining("CONFLICT");
        assertThat(git(repo, "ls-files", "--stage")).contains(" 1\ta.txt", " 2\ta.txt", " 3\ta.txt");
        assertSameAsGit(repo);
        assertThat(TrackedFiles.fromIndexFile(repo)).containsExactly("a.txt");
    }

    @Test
    void aLinkedWorktreeReadsItsOwnIndex() throws IOException {
        Path repo = committedRepo("main");
        git(repo, "worktree", "add", "-q", tmp.resolve("linked").toString());
        Files.writeString(tmp.resolve("linked/only-here.txt"), "x\n");
        git(tmp.resolve("linked"), "add", "only-here.txt");
        assertSameAsGit(tmp.resolve("linked"));
        assertThat(TrackedFiles.fromIndexFile(tmp.resolve("linked"))).contains("only-here.txt");
        assertThat(TrackedFiles.fromIndexFile(repo)).doesNotContain("only-here.txt");
    }

    @Test
    void splitAndSparseIndexesAreLeftToGit() throws IOException {
        Path split = committedRepo("split");
        git(split, "update-index", "--split-index");
        assertThat(TrackedFiles.fromIndexFile(split)).isNull();
        assertThat(TrackedFiles.list(RUNNER, split, "--source-dir")).containsExactly("a/deep/one.txt", "b/two.txt", "top.txt");
        Path sparse = committedRepo("sparse");
        git(sparse, "sparse-checkout", "set", "--cone", "--sparse-index", "a");
        assertThat(git(sparse, "ls-files", "--sparse", "--stage")).contains("040000");
        assertThat(TrackedFiles.fromIndexFile(sparse)).isNull();
        assertThat(TrackedFiles.list(RUNNER, sparse, "--source-dir")).containsExactly("a/deep/one.txt", "b/two.txt", "top.txt");
    }

    @Test
    void aRepositoryWithoutAnIndexYetHasNoFiles() throws IOException {
        Path repo = tmp.resolve("empty");
        Files.createDirectories(repo);
        git(repo, "init", "-q", ".");
        assertThat(repo.resolve(".git/index")).doesNotExist();
        assertThat(TrackedFiles.fromIndexFile(repo)).isEmpty();
        assertThat(TrackedFiles.fromGit(RUNNER, repo, "--source-dir")).isEmpty();
    }

    @Test
    void gitsEnvironmentAnOwnConfigurationOrNoRepositoryAtAllAreLeftToGit() throws IOException {
        Path repo = repoWithEveryKindOfEntry();
        assertThat(WorkTree.locate(repo, Map.of())).isNotNull();
        assertThat(WorkTree.locate(repo, Map.of("GIT_DIR", repo.resolve(".git").toString()))).isNull();
        assertThat(WorkTree.locate(repo, Map.of("GIT_INDEX_FILE", "/tmp/other-index"))).isNull();
        git(repo, "config", "core.worktree", tmp.toString());
        assertThat(WorkTree.locate(repo, Map.of())).isNull();
        git(repo, "config", "--unset", "core.worktree");
        git(repo, "config", "core.bare", "true");
        assertThat(WorkTree.locate(repo, Map.of())).isNull();
        git(repo, "config", "core.bare", "false");
        assertThat(WorkTree.locate(repo.resolve(".git"), Map.of())).as("inside the git directory").isNull();
        assertThat(WorkTree.locate(repo, Map.of())).isNotNull();

        Path plain = tmp.resolve("plain");
        Files.createDirectories(plain);
        assertThat(TrackedFiles.fromIndexFile(plain)).isNull();
        assertThatThrownBy(() -> TrackedFiles.list(RUNNER, plain, "--source-dir")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--source-dir").hasMessageContaining("not inside a git work tree");
    }

    @Test
    void aTruncatedOrForeignIndexIsLeftToGit() throws IOException {
        Path repo = repoWithEveryKindOfEntry();
        byte[] index = Files.readAllBytes(repo.resolve(".git/index"));
        assertThat(IndexFile.parse(index, "")).isNotNull();
        for (int cut = 0; cut < index.length; cut += 7) {
            assertThat(IndexFile.parse(Arrays.copyOf(index, cut), "")).as("cut at %d", cut).isNull();
        }
        byte[] version9 = index.clone();
        version9[7] = 9;
        assertThat(IndexFile.parse(version9, "")).isNull();
    }
}
