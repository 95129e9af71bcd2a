package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A static ARM64 busybox, the smallest userland for a FROM scratch image whose RUN steps run
 * under QEMU. Fetched once from Debian (busybox-static:arm64) into a cache directory that
 * scripts/lib/provision.sh (provision_arm64_busybox) fills the same way.
 */
public final class Arm64Busybox {
    private Arm64Busybox() {
    }

    /** $INVENTIV_TEST_CACHE, else ~/.cache/inventiv-pipeline. */
    public static Path cacheDir() {
        String c = System.getenv("INVENTIV_TEST_CACHE");
        return c != null && !c.isBlank() ? Path.of(c)
                : Path.of(System.getProperty("user.home"), ".cache", "inventiv-pipeline");
    }

    /** The busybox binary, fetching it on first use. */
    public static synchronized Path binary() {
        Path dir = cacheDir().resolve("busybox-arm64");
        Path bin = dir.resolve("bin/busybox");
        if (Files.isRegularFile(bin)) {
            return bin;
        }
        try {
            Files.createDirectories(dir);
            if (!Processes.run(List.of("dpkg", "--print-foreign-architectures")).contains("arm64")) {
                Processes.run(List.of("dpkg", "--add-architecture", "arm64"));
                Processes.run(List.of("apt-get", "update", "-qq"));
            }
            Path download = Files.createTempDirectory("busybox-deb-");
            try {
                try {
                    Processes.run(List.of("apt-get", "download", "busybox-static:arm64"), download);
                } catch (IllegalStateException staleIndex) {
                    Processes.run(List.of("apt-get", "update", "-qq"));
                    Processes.run(List.of("apt-get", "download", "busybox-static:arm64"), download);
                }
                Path deb;
                try (var files = Files.list(download)) {
                    deb = files.filter(f -> f.toString().endsWith(".deb")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("apt-get download left no .deb"));
                }
                Path extracted = Files.createTempDirectory(dir, "x-");
                Processes.run(List.of("dpkg-deb", "-x", deb.toString(), extracted.toString()));
                Files.createDirectories(bin.getParent());
                Files.move(extracted.resolve("bin/busybox"), bin);
                Processes.deleteTree(extracted);
            } finally {
                Processes.deleteTree(download);
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
