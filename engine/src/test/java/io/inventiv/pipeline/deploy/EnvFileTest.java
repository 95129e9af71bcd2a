package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;

class EnvFileTest {
    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyAndReplacesTheOldFileWholeLeavingNoTempFile() throws Exception {
        Path file = dir.resolve("staging.env");
        Files.writeString(file, "OLD='1'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        EnvFile.writeAtomically(file, "NEW='2'\n");
        assertThat(Files.readString(file)).isEqualTo("NEW='2'\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingDirectoryIsBadInputNamingTheFlag() {
        assertThatThrownBy(() -> EnvFile.writeAtomically(dir.resolve("no/such/dir/x.env"), "A='1'\n"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--output: directory");
    }

    @Test
    void aDirectoryIsNotOverwritten() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("env"));
        assertThatThrownBy(() -> EnvFile.writeAtomically(sub, "A='1'\n"))
                .isInstanceOf(UsageException.class).hasMessageContaining("is a directory");
    }
}
