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
 * fresh compose project directory per test. One for all remote test classes of the JVM, like
 * the dockerd it uses; stopped at exit.
 */
final class RemoteFixture implements AutoCloseable {
    private static RemoteFixture shared;

    static synchronized RemoteFixture shared() {
        if (shared == null) {
            shared = new RemoteFixture(RegistryServer.start());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    private final Map<String, String> built = new java.util.concurrent.ConcurrentHashMap<>();

    /** repo:marker built once per JVM: healthy, unhealthy, broken (cannot start) or exits (stops at once). */
    String image(String repo, String marker, String kind) {
        return built.computeIfAbsent(repo + ":" + marker, k -> switch (kind) {
            case "broken" -> images.buildBroken(repo, marker);
            case "exits" -> images.buildExiting(repo, marker);
            case "unhealthy" -> images.build(repo, marker, false);
            default -> images.build(repo, marker, true);
        });
    }

    final DockerDaemon docker = DockerDaemon.shared();
    final RegistryServer registry;
    final SshServer sshd;
    final Path work;
    final TestImages images;
    private final List<Path> projects = new ArrayList<>();

    private RemoteFixture(RegistryServer registry) {
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

    /** A target file (YAML) for the engine's --target-file. */
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
                + "healthCheck: docker exec \"$(docker ps -q --filter label=com.docker.compose.project=" + projectName(remoteDir)
                + " --filter label=com.docker.compose.service=api)\" /bin/busybox test -f /healthy\n"
                + "timeouts:\n  health: 3s\n"
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

    /** The engine through bin/inventiv-pipeline, as the Jenkins steps start it, waited for. */
    EngineProcess.Result engine(Map<String, String> env, String... args) {
        Running r = start(List.of(args), env);
        try {
            if (!r.process().waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                r.kill();
                throw new IllegalStateException("engine did not finish: " + List.of(args));
            }
            return new EngineProcess.Result(r.process().exitValue(), Files.readString(r.stdout()), Files.readString(r.stderr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The engine with the test's key and the standard flags for this host. */
    EngineProcess.Result remote(String command, Path target, String... more) {
        return remoteWithEnv(Map.of(), command, target, more);
    }

    EngineProcess.Result remoteWithEnv(Map<String, String> env, String command, Path target, String... more) {
        return engine(env, argv(command, target, more).toArray(String[]::new));
    }

    List<String> argv(String command, Path target, String... more) {
        List<String> argv = new ArrayList<>(List.of(command, "--json", "--target-file", target.toString(),
                "--identity-file", sshd.clientKey().toString()));
        argv.addAll(List.of(more));
        return argv;
    }

    /** A deploy's argv for this host: target, env file, build id and the two release services' images. */
    List<String> deployArgv(Path target, Path envFile, String build, String api, String worker, String... more) {
        List<String> a = argv("deploy", target, "--env-file", envFile.toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker);
        a.addAll(List.of(more));
        return a;
    }

    /** An engine process started in the background, its output going to files. */
    record Running(Process process, Path stdout, Path stderr) {
        String output() {
            try {
                return Files.readString(stdout) + Files.readString(stderr);
            } catch (IOException e) {
                return "";
            }
        }

        /** SIGKILL, the engine and its ssh children alike (what Jenkins ends with on abort). */
        void kill() throws InterruptedException {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }

        /** What an aborted Jenkins job does: SIGTERM, then SIGKILL a few seconds later if still alive. */
        void abort() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The engine as a process the test can kill (what Jenkins does to an aborted job). */
    Running startEngine(List<String> args) {
        return start(args, Map.of());
    }

    /**
     * bin/inventiv-pipeline execs java (same pid, so a kill reaches the engine) with the serial
     * collector and the class-data archive when the build made one next to the jar: the
     * launcher the Jenkins steps use, and a few hundred ms less per engine call than plain java -jar.
     */
    private Running start(List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of(Path.of("bin/inventiv-pipeline").toAbsolutePath().toString()));
        argv.addAll(args);
        try {
            long n = System.nanoTime();
            Path out = work.resolve("engine-" + n + ".out");
            Path err = work.resolve("engine-" + n + ".err");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().remove("REGISTRY_PASSWORD");
            pb.environment().remove("REGISTRY_USERNAME");
            pb.environment().put("INVENTIV_ENGINE_JAR", EngineProcess.jar().toString());
            pb.environment().putAll(env);
            return new Running(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pre-deploy hook that holds the host-side run until the test creates the gate file (then removes it). */
    static String gateHook(Path gate) {
        return "preDeployHook: \"while [ ! -e " + gate + " ]; do sleep 0.2; done; rm -f " + gate + "\"\n";
    }

    static void open(Path gate) {
        try {
            Files.writeString(gate, "go");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A process holding the host's deploy lock (flock on STATE/lock.flock, as a hung deploy
     * would), returned once the lock is taken. The caller stops it.
     */
    static Process holdLock(Path stateDir) throws IOException, InterruptedException {
        Path lockFile = stateDir.resolve("lock.flock");
        if (!Files.exists(lockFile)) {
            Files.writeString(lockFile, "");
        }
        // -o: the lock stays with flock itself, so killing it (release) frees the lock.
        Process holder = new ProcessBuilder("flock", "-o", lockFile.toString(), "sleep", "300")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await("the test's process to hold the lock", java.time.Duration.ofSeconds(30), () -> {
            try {
                return new ProcessBuilder("flock", "-n", lockFile.toString(), "true").start().waitFor() != 0;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return holder;
    }

    /** Stops a holdLock process (and its sleep). */
    static void release(Process holder) throws InterruptedException {
        holder.descendants().forEach(ProcessHandle::destroyForcibly);
        holder.destroyForcibly().waitFor();
    }

    /** A fresh local dir with compose file and target for a new project on the host. */
    Setup setup(String name, String extraYaml) {
        try {
            Path local = Files.createTempDirectory(work, "local");
            Path project = newProject(name);
            composeFile(local, image("proxy", "p1", "healthy"));
            Path target = target(local, project, extraYaml);
            Path env = write(local.resolve("app.env"), "GREETING='hello'\n");
            return new Setup(local, project, target, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Setup(Path local, Path project, Path target, Path env) {
    }

    /** Waits until the condition holds, failing after the timeout. */
    static void await(String what, java.time.Duration timeout, java.util.function.BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    static void await(String what, java.time.Duration timeout, java.util.function.BooleanSupplier condition,
                      java.util.function.Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** "service → image reference it runs" for a compose project, read from the daemon itself. */
    String containerId(Path project, String service) {
        return images.docker(List.of("ps", "-aq", "--filter", "label=com.docker.compose.project=" + projectName(project),
                "--filter", "label=com.docker.compose.service=" + service)).strip();
    }

    /** "service → container id" of these services, to prove a redeploy left the containers alone. */
    java.util.Map<String, String> containerIds(Path project, String... services) {
        java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String service : services) {
            ids.put(service, containerId(project, service));
        }
        return ids;
    }

    String imageOf(Path project, String service) {
        String id = containerId(project, service);
        return images.docker(List.of("inspect", "-f", "{{.Config.Image}}", id)).strip();
    }

    /** The host-side run logs of a project, for failure messages. */
    String runLogs(Path project) {
        StringBuilder b = new StringBuilder();
        try (var walk = Files.walk(project.resolve(".inventiv"))) {
            for (Path p : walk.filter(f -> f.getFileName().toString().equals("log")).toList()) {
                b.append("== ").append(p).append('\n').append(read(p));
            }
        } catch (IOException | UncheckedIOException e) {
            b.append(e);
        }
        return b.toString();
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
        registry.close();
        Processes.deleteTree(work);
    }
}
