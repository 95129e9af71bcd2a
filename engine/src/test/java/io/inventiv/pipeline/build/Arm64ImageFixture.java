package io.inventiv.pipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;

import io.inventiv.pipeline.testsupport.Arm64Busybox;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * Test fixtures for the real build: a git checkout holding a FROM scratch ARM64 image whose RUN
 * step runs busybox under QEMU (and reads a BuildKit secret), the daemon's trust of the TLS
 * test registry, and skopeo to read the registry back independently of the engine.
 */
final class Arm64ImageFixture {
    static final String DOCKERFILE = """
            FROM scratch
            COPY bin/busybox /bin/busybox
            RUN --mount=type=secret,id=token ["/bin/busybox", "sh", "-c", \
            "/bin/busybox test -s /run/secrets/token && /bin/busybox uname -m > /arch"]
            """;

    private Arm64ImageFixture() {
    }

    /** A committed checkout with the Dockerfile and busybox; returns its directory. */
    static Path checkout(Path dir) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(Arm64Busybox.binary(), dir.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
            git(dir, "init", "-q", "-b", "main");
            git(dir, "add", ".");
            git(dir, "commit", "-q", "-m", "image");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String git(Path dir, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(),
                "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        return Processes.run(argv).strip();
    }

    /** dockerd trusts the test registry's self-signed certificate (and skopeo reads the same place). */
    static Path trustRegistry(RegistryServer registry) {
        try {
            Path dir = Path.of("/etc/docker/certs.d", registry.host());
            Files.createDirectories(dir);
            Files.copy(registry.caCert(), dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An auth file for the test's own skopeo calls (the password never goes in argv). */
    static Path authFile(Path dir, RegistryServer registry, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            Path f = dir.resolve("auth.json");
            Files.writeString(f, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String skopeo(Path authFile, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("skopeo"));
        argv.addAll(List.of(args));
        // --authfile goes after the subcommand (the first argument)
        argv.add(2, "--authfile");
        argv.add(3, authFile.toString());
        return Processes.run(argv);
    }
}
