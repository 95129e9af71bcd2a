package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/** The upload archive, unpacked by the real GNU tar the hosts run. */
class TarArchiveTest {
    @TempDir
    Path dir;

    @Test
    void gnuTarUnpacksEveryFileByteForByteWithMode0600() throws Exception {
        byte[] binary = new byte[1537];
        new Random(7).nextBytes(binary);
        byte[] tar = new TarArchive().add("files/env", "A='1'\n").add("secrets/blob", binary)
                .add("files/empty", new byte[0]).add("deploy.sh", "echo hi\n").bytes();
        ProcessResult r = new CommandRunner().run(Command.of("tar", "-x", "--no-same-owner", "-f", "-", "-C", dir.toString())
                .withStdin(tar));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(dir.resolve("files/env"))).isEqualTo("A='1'\n");
        assertThat(Files.readAllBytes(dir.resolve("secrets/blob"))).isEqualTo(binary);
        assertThat(Files.size(dir.resolve("files/empty"))).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets/blob"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
