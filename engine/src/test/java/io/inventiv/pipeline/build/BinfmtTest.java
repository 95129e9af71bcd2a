package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.oci.Platform;

/** When QEMU is needed and how it is registered, against a binfmt_misc directory laid out in a temp dir. */
class BinfmtTest {
    private static final List<Platform> ARM64 = List.of(new Platform("linux", "arm64", null));

    @TempDir
    Path root;

    private Binfmt binfmt(String hostArch, boolean updateBinfmtsInstalled) throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path formats = Files.createDirectories(root.resolve("binfmts"));
        Path update = root.resolve("update-binfmts");
        if (updateBinfmtsInstalled) {
            Files.writeString(update, "#!/bin/sh\n");
            update.toFile().setExecutable(true);
            Files.writeString(formats.resolve("qemu-aarch64"), "package qemu-user-static\n");
        }
        return new Binfmt(new Binfmt.Setup(proc, update, formats, "docker", Binfmt.DEFAULT_IMAGE, hostArch));
    }

    @Test
    void nativeArm64AgentNeedsNoEmulation() throws IOException {
        Binfmt b = binfmt("arm64", false);
        assertThat(b.missing(ARM64)).isEmpty();
        assertThat(b.plan(b.missing(ARM64))).isEmpty();
    }

    @Test
    void anEnabledEmulatorIsLeftAlone() throws IOException {
        Binfmt b = binfmt("amd64", true);
        Files.writeString(root.resolve("proc/qemu-aarch64"), "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n");
        assertThat(b.missing(ARM64)).isEmpty();
    }

    @Test
    void aDisabledEmulatorIsEnabledWithTheDistributionsQemu() throws IOException {
        Binfmt b = binfmt("amd64", true);
        Files.writeString(root.resolve("proc/qemu-aarch64"), "disabled\n");
        assertThat(b.missing(ARM64)).containsExactly("arm64");
        assertThat(b.plan(List.of("arm64"))).containsExactly(
                List.of(root.resolve("update-binfmts").toString(), "--enable", "qemu-aarch64"));
    }

    @Test
    void withoutQemuUserStaticThePinnedBinfmtImageInstallsEveryMissingArchitecture() throws IOException {
        Binfmt b = binfmt("amd64", false);
        List<Platform> both = List.of(new Platform("linux", "arm64", null), new Platform("linux", "arm", "v7"),
                new Platform("linux", "amd64", null));
        assertThat(b.missing(both)).containsExactly("arm64", "arm");
        assertThat(b.plan(b.missing(both))).containsExactly(List.of("docker", "run", "--privileged", "--rm",
                "tonistiigi/binfmt:qemu-v7.0.0-28", "--install", "arm64,arm"));
    }

    @Test
    void qemuNamesFollowTheKernelEntries() {
        assertThat(Binfmt.qemuName("arm64")).isEqualTo("aarch64");
        assertThat(Binfmt.qemuName("amd64")).isEqualTo("x86_64");
        assertThat(Binfmt.qemuName("riscv64")).isEqualTo("riscv64");
    }
}
