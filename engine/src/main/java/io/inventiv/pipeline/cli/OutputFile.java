package io.inventiv.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.inventiv.pipeline.UsageException;

/**
 * A file a flag names for the engine to write (--junit, --output), checked before any check,
 * build or deploy runs: a run must not do its work and then fail at the end for want of a place
 * to write its report.
 */
final class OutputFile {
    private OutputFile() {
    }

    static Path check(String flag, Path file) {
        if (file == null) {
            return null;
        }
        String example = " e.g. " + flag + " reports/out" + (flag.equals("--junit") ? ".xml" : "");
        if (file.toString().isBlank()) {
            throw UsageException.field(flag, "empty", "give a file path," + example);
        }
        if (Files.isDirectory(file)) {
            throw UsageException.field(flag, file + " is a directory", "give a file path," + example);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw UsageException.field(flag, "directory " + (parent == null ? file : parent) + " does not exist",
                    "create it first, or give a path in an existing directory");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw UsageException.field(flag, file + " is not writable", "check its permissions");
        }
        if (!canCreateIn(parent)) {
            throw UsageException.field(flag, "cannot write in " + parent, "give a path in a writable directory");
        }
        return file;
    }

    /**
     * Whether a file can be made in {@code dir}: a probe made and removed at once, since access
     * rights alone say yes to root in a read-only directory, and no on some mounts that do allow it.
     */
    private static boolean canCreateIn(Path dir) {
        if (!Files.isWritable(dir)) {
            return false;
        }
        try {
            Path probe = Files.createTempFile(dir, ".inventiv-write-probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
