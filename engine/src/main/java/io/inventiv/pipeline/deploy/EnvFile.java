package io.inventiv.pipeline.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;

/**
 * Writes an env file the way secrets must be written: created 0600 (never readable by others,
 * not even for a moment), flushed to disk, then renamed over the old file so a reader sees the
 * old file or the new one, never half of one.
 */
public final class EnvFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private EnvFile() {
    }

    public static void writeAtomically(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw UsageException.field("--output", "directory " + dir + " does not exist", "create it first");
        }
        if (Files.isDirectory(target)) {
            throw UsageException.field("--output", target + " is a directory", "name a file");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new EngineException("write " + target + ": the file system cannot rename atomically; "
                        + "write the env file to a local directory");
            }
            temp = null;
        } catch (IOException e) {
            throw new EngineException("write " + target + ": " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temp file holds secrets only if the write got far; nothing more we can do
                }
            }
        }
    }
}
