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
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw UsageException.field(flag, file + " is not writable", "check its permissions");
        }
        // Missing directories are made when the report is written (a Jenkinsfile's --junit
        // reports/gate.xml on a fresh workspace); what must hold now is that they can be.
        Path existing = nearestExisting(file.toAbsolutePath().getParent());
        if (existing == null || !Files.isDirectory(existing)) {
            throw UsageException.field(flag, (existing == null ? file : existing) + " is not a directory",
                    "give a path whose directories exist or can be made");
        }
        if (!canCreateIn(existing)) {
            throw UsageException.field(flag, "cannot write in " + existing, "give a path in a writable directory");
        }
        return file;
    }

    private static Path nearestExisting(Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        return d;
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
