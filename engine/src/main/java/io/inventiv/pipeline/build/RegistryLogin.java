package io.inventiv.pipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;
import io.inventiv.pipeline.exec.Redactor;

/**
 * The docker client configuration the build and push run with. With REGISTRY_USERNAME and
 * REGISTRY_PASSWORD set, a temporary DOCKER_CONFIG (0700) is logged in with
 * {@code docker login --password-stdin} and deleted on close, so credentials never persist on
 * the agent nor appear in argv. buildx keeps its builders and cli-plugins under DOCKER_CONFIG:
 * those are linked from the persistent directory so the named builder is reused.
 * Without credentials the persistent DOCKER_CONFIG is used as it is.
 */
public final class RegistryLogin implements AutoCloseable {
    /** Sub-directories of DOCKER_CONFIG that must outlive the temporary login. */
    static final List<String> SHARED_DIRS = List.of("buildx", "cli-plugins");
    private static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(2);

    private final Path configDir;
    private final boolean temporary;
    private final Thread cleanupHook;

    private RegistryLogin(Path configDir, boolean temporary) {
        this.configDir = configDir;
        this.temporary = temporary;
        // A Jenkins abort sends TERM: the hook still removes the credentials.
        this.cleanupHook = temporary ? new Thread(() -> deleteTree(configDir), "docker-config-cleanup") : null;
        if (cleanupHook != null) {
            Runtime.getRuntime().addShutdownHook(cleanupHook);
        }
    }

    /** The persistent DOCKER_CONFIG: $DOCKER_CONFIG, else ~/.docker. */
    public static Path persistentDir(Map<String, String> env) {
        String dc = env.get("DOCKER_CONFIG");
        if (dc != null && !dc.isBlank()) {
            return Path.of(dc);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

    /** Where temporary directories go: $TMPDIR, else the JVM's temp dir. */
    public static Path tempRoot(Map<String, String> env) {
        String t = env.get("TMPDIR");
        return Path.of(t != null && !t.isBlank() ? t : System.getProperty("java.io.tmpdir"));
    }

    /**
     * Logs in to each registry host, or returns the persistent configuration when no credentials
     * are set. The caller closes it (try-with-resources) on every path.
     */
    public static RegistryLogin open(String docker, Collection<String> registries, Map<String, String> env,
            CommandRunner runner, OutputListener listener) {
        String user = env.get("REGISTRY_USERNAME");
        String password = env.get("REGISTRY_PASSWORD");
        boolean hasUser = user != null && !user.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasPassword) {
            Redactor.global().add(password);
        }
        if (!hasUser && !hasPassword) {
            return new RegistryLogin(persistentDir(env), false);
        }
        if (!hasUser || !hasPassword) {
            throw UsageException.field(hasUser ? "REGISTRY_PASSWORD" : "REGISTRY_USERNAME", "not set",
                    "bind both REGISTRY_USERNAME and REGISTRY_PASSWORD (usernamePassword credentials)");
        }
        RegistryLogin login = new RegistryLogin(createTemp(env), true);
        try {
            login.linkShared(persistentDir(env));
            for (String registry : registries) {
                login.login(docker, registry, user.strip(), password, runner, listener);
            }
            return login;
        } catch (RuntimeException e) {
            login.close();
            throw e;
        }
    }

    /** The persistent configuration, for a build that talks to no registry. */
    public static RegistryLogin persistent(Map<String, String> env) {
        return new RegistryLogin(persistentDir(env), false);
    }

    public Path configDir() {
        return configDir;
    }

    public boolean temporary() {
        return temporary;
    }

    /** The environment every docker call of this build runs with. */
    public Map<String, String> env() {
        return Map.of("DOCKER_CONFIG", configDir.toString());
    }

    private void login(String docker, String registry, String user, String password, CommandRunner runner,
            OutputListener listener) {
        Command cmd = Command.of(docker, "login", "--username", user, "--password-stdin", registry)
                .withEnv(env())
                .withStdin(password.getBytes(StandardCharsets.UTF_8))
                .withTimeout(LOGIN_TIMEOUT);
        ProcessResult r = runner.run(cmd, listener);
        if (!r.ok()) {
            throw new EngineException("log in to " + registry + " as " + user + ": docker login exited "
                    + r.exitCode() + ": " + r.tail(3).replace('\n', ' ').strip()
                    + "; check REGISTRY_USERNAME/REGISTRY_PASSWORD (on GHCR a token with write:packages)");
        }
    }

    private void linkShared(Path persistent) {
        for (String sub : SHARED_DIRS) {
            Path target = persistent.resolve(sub);
            try {
                if (sub.equals("buildx") && !Files.exists(target)) {
                    // Created now so the builder made during this build is still known to the next one.
                    Files.createDirectories(target);
                }
                if (Files.isDirectory(target)) {
                    Files.createSymbolicLink(configDir.resolve(sub), target.toAbsolutePath());
                }
            } catch (IOException e) {
                throw new EngineException("link " + target + " into the temporary DOCKER_CONFIG: " + e.getMessage());
            }
        }
    }

    private static Path createTemp(Map<String, String> env) {
        try {
            Path root = tempRoot(env);
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "docker-config-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("create a temporary DOCKER_CONFIG", e);
        }
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        deleteTree(configDir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    /** Deletes the directory; symbolic links are removed, never followed. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("remove the temporary DOCKER_CONFIG " + root, e);
        }
    }
}
