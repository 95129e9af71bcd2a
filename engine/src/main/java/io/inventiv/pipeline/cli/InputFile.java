package io.inventiv.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.inventiv.pipeline.UsageException;

/** A file a flag names for the engine to read, checked before any work: it must exist and be a readable file. */
final class InputFile {
    private InputFile() {
    }

    static Path check(String flag, Path file) {
        if (file == null) {
            return null;
        }
        if (Files.isDirectory(file)) {
            throw UsageException.field(flag, file + " is a directory", "give the path of a file");
        }
        if (!Files.isRegularFile(file)) {
            throw UsageException.field(flag, "file " + file + " does not exist", "check the path (relative to the working directory)");
        }
        if (!Files.isReadable(file)) {
            throw UsageException.field(flag, file + " is not readable", "check its permissions");
        }
        return file;
    }
}
