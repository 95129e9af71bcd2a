package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;
import io.inventiv.pipeline.testsupport.SshServer;

/**
 * The "remote host" of the deploy tests: a real sshd on loopback whose sessions reach the test
 * dockerd (DOCKER_HOST) with their own DOCKER_CONFIG, a real registry holding tiny images, and a
 * fresh compose project directory per test. One per test class.
 */
final class RemoteFixture implements AutoCloseable {
    final DockerDaemon docker = DockerDaemon.shared();
    final RegistryServer registry;
    final SshServer sshd;
    final Path work;
    final TestImages images;
    private final List<Path> projects = new ArrayList<>();

    RemoteFixture(RegistryServer registry) {
        try {
            this.registry = registry;
            this.work = Files.createTempDirectory(Path.of("/tmp"), "rdeploy");
            Path dockerConfig = Files.createDirectories(work.resolve("docker-config"));
            this.sshd = SshServer.start(Map.of("DOCKER_HOST", docker.host(), "DOCKER_CONFIG", dockerConfig.toString()));
            this.images = new TestImages(docker, registry, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty compose project directory on the "host" (its name is the compose project). */
    Path newProject(String name) {
        try {
            Path dir = Files.createDirectories(work.resolve(name));
            projects.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compose file with the two release services and a proxy the release does not own. */
    Path composeFile(Path dir, String proxyImage) {
        String svc = "    network_mode: none\n    stop_grace_period: 2s\n";
        String text = "version: \"2.4\"\nservices:\n"
                + "  api:\n    image: ${API_IMAGE}\n" + svc + "    environment:\n      GREETING: ${GREETING:-none}\n"
                + "  worker:\n    image: ${WORKER_IMAGE}\n" + svc
                + "  proxy:\n    image: " + proxyImage + "\n" + svc;
        return write(dir.resolve("docker-compose.yml"), text);
    }

    /** A target file (YAML) for the engine's --target. */
    Path target(Path localDir, Path remoteDir, String extraYaml) {
        String text = "environment: test\n"
                + "hosts: [127.0.0.1]\n"
                + "port: " + sshd.port() + "\n"
                + "userCandidates: [root]\n"
                + "hostKey: \"" + sshd.hostKeyLine() + "\"\n"
                + "remoteDir: " + remoteDir + "\n"
                + "composeFile: docker-compose.yml\n"
                + "releaseServices:\n  api: " + registry.host() + "/app-api\n  worker: " + registry.host() + "/app-worker\n"
                + "imageEnvKeys:\n  api: API_IMAGE\n  worker: WORKER_IMAGE\n"
                + "healthCheck: docker-compose exec -T api /bin/busybox test -f /healthy\n"
                + "timeouts:\n  health: 6s\n"
                + extraYaml;
        return write(localDir.resolve("target.yml"), text);
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EngineProcess.Result engine(String... args) {
        return EngineProcess.run(Map.of(), null, args);
    }

    /** The engine with the test's key and the standard flags for this host. */
    EngineProcess.Result remote(String command, Path target, String... more) {
        List<String> argv = new ArrayList<>(List.of(command, "--json", "--target", target.toString(),
                "--identity-file", sshd.clientKey().toString()));
        argv.addAll(List.of(more));
        return engine(argv.toArray(String[]::new));
    }

    /** "service → image reference it runs" for a compose project, read from the daemon itself. */
    String containerId(Path project, String service) {
        return images.docker(List.of("ps", "-aq", "--filter", "label=com.docker.compose.project=" + projectName(project),
                "--filter", "label=com.docker.compose.service=" + service)).strip();
    }

    String imageOf(Path project, String service) {
        String id = containerId(project, service);
        return images.docker(List.of("inspect", "-f", "{{.Config.Image}}", id)).strip();
    }

    static String projectName(Path project) {
        return project.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9]", "");
    }

    String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Path p : projects) {
            try {
                String ids = images.docker(List.of("ps", "-aq", "--filter",
                        "label=com.docker.compose.project=" + projectName(p))).strip();
                if (!ids.isEmpty()) {
                    List<String> argv = new ArrayList<>(List.of("rm", "-f"));
                    argv.addAll(List.of(ids.split("\\s+")));
                    images.docker(argv);
                }
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        sshd.close();
        Processes.deleteTree(work);
    }
}
