package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HOMEs of checks in images: private to the engine's user, removed whole, their parent only when the engine made it. */
class CheckHomesTest {
    @TempDir
    Path dir;

    @Test
    void aHomeIsPrivateAndIsRemovedWithReadOnlyDirectoriesInsideAndTheParentTheEngineMade() throws Exception {
        CheckHomes homes = new CheckHomes();
        Path a = dir.resolve("ws@tmp/inventiv-gate-1-a");
        Path b = dir.resolve("ws@tmp/inventiv-gate-1-b");
        homes.create(a);
        homes.create(b);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rwx------");
        Path cache = Files.createDirectories(a.resolve("go/pkg/mod/x@v1"));
        Files.writeString(cache.resolve("go.mod"), "module x\n");
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("r-xr-xr-x"));

        assertThat(homes.remove(a)).isNull();
        assertThat(a).doesNotExist();
        assertThat(dir.resolve("ws@tmp")).as("b still lives there").isDirectory();

        homes.removeAll();
        assertThat(dir.resolve("ws@tmp")).doesNotExist();
    }

    @Test
    void aParentThatWasThereAlreadyStays() throws Exception {
        Path jenkinsTmp = Files.createDirectories(dir.resolve("ws@tmp"));
        CheckHomes homes = new CheckHomes();
        Path home = jenkinsTmp.resolve("inventiv-gate-1-a");
        homes.create(home);

        assertThat(homes.remove(home)).isNull();

        assertThat(home).doesNotExist();
        assertThat(jenkinsTmp).isDirectory();
        assertThat(homes.remove(home)).as("gone already").isNull();
    }
}
