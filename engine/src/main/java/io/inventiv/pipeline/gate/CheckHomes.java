package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.inventiv.pipeline.EngineException;

/**
 * The HOME directories of checks in images ({@link DockerRunCommand#home}): made by the engine
 * before the container starts, 0700 and the engine's, so the container's user (the same uid) can
 * write there; removed once the container is gone, and by the abort hook for checks it cut short.
 * A parent directory ({@code WORKSPACE@tmp}) the engine had to make is removed again once empty.
 */
final class CheckHomes {
    private final Set<Path> live = new LinkedHashSet<>();
    private final Set<Path> madeParents = new LinkedHashSet<>();

    synchronized void create(Path home) {
        Path parent = home.getParent();
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                madeParents.add(parent);
            }
            Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            live.add(home);
        } catch (IOException e) {
            throw new EngineException("cannot make the check's HOME " + home + ": " + e);
        }
    }

    /** Removes one home and what the check left in it; returns the problem, or null when it is gone. */
    String remove(Path home) {
        String problem = deleteTree(home);
        synchronized (this) {
            live.remove(home);
            Path parent = home.getParent();
            if (madeParents.contains(parent)) {
                try {
                    Files.deleteIfExists(parent);
                    madeParents.remove(parent);
                } catch (DirectoryNotEmptyException stillUsed) {
                    // another check's home is still there, or someone else's file: leave it
                } catch (IOException e) {
                    return problem == null ? "cannot remove " + parent + ": " + e : problem;
                }
            }
        }
        return problem;
    }

    /** Removes every home still listed (the abort hook, after the containers are gone). */
    void removeAll() {
        List<Path> left;
        synchronized (this) {
            left = new ArrayList<>(live);
        }
        left.forEach(this::remove);
    }

    /**
     * Deletes a tree without following links. A directory the check made read-only (Go's module
     * cache does) is made writable first, or its entries could not be deleted.
     */
    private static String deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
                    if (!perms.containsAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))) {
                        perms.add(PosixFilePermission.OWNER_READ);
                        perms.add(PosixFilePermission.OWNER_WRITE);
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                        Files.setPosixFilePermissions(dir, perms);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            return null;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return "cannot remove " + root + ": " + e;
        }
    }
}
