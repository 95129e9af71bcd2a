package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.testsupport.Processes;

/** A real git repository in a temp dir, for the guard tests. */
final class GitRepo {
    final Path root;

    private GitRepo(Path root) {
        this.root = root;
    }

    static GitRepo init(Path root) {
        GitRepo repo = new GitRepo(root);
        repo.git("init", "-q", "-b", "main");
        return repo;
    }

    String git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", root.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        return Processes.run(argv);
    }

    GitRepo write(String path, String content) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GitRepo delete(String path) {
        try {
            Files.delete(root.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages everything and commits; returns the commit id. */
    String commit(String message) {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }
}
