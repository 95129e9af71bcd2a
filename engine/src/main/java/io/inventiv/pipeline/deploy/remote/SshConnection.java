package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * One SSH connection to one host, made with the OpenSSH client: a ControlMaster opened once
 * (the only handshake) and every remote command multiplexed over it, so a whole deploy costs
 * one handshake per host. BatchMode (no prompts), host keys checked strictly against a
 * known_hosts file or the key the target pins; keys come from SSH_AUTH_SOCK or --identity-file.
 */
public final class SshConnection implements AutoCloseable {
    private static final String HOST_PATTERN = "[A-Za-z0-9][A-Za-z0-9.:-]*";
    private static final String USER_PATTERN = "[a-z_][a-z0-9_.-]*";

    private final CommandRunner runner;
    private final String host;
    private final int port;
    private final String user;
    private final Path privateDir;
    private final List<String> options;
    /** Closes the master if the engine is stopped (SIGTERM from an aborted job); the host-side run goes on. */
    private final Thread onShutdown = new Thread(this::closeQuietly, "ssh-close");
    private volatile boolean closed;

    private SshConnection(CommandRunner runner, String host, int port, String user, Path privateDir,
                          List<String> options) {
        this.runner = runner;
        this.host = host;
        this.port = port;
        this.user = user;
        this.privateDir = privateDir;
        this.options = options;
    }

    /**
     * Connects, trying the user set in the settings or else each candidate in order. A host key
     * problem stops at once (before any command ran) with the host's current fingerprint.
     */
    public static SshConnection open(CommandRunner runner, String host, int port, List<String> userCandidates,
                                     String pinnedHostKey, SshSettings settings) {
        checkHost(host, port);
        List<String> users = settings.user() != null ? List.of(settings.user()) : userCandidates;
        if (users == null || users.isEmpty()) {
            throw UsageException.field("--user", "no SSH user is set and the target lists no candidates",
                    "pass --user or list userCandidates in the profile");
        }
        for (String u : users) {
            if (!u.matches(USER_PATTERN)) {
                throw UsageException.field("user", "'" + u + "' is not a valid login name", "use a name like ubuntu");
            }
        }
        if (settings.identityFile() != null && !Files.isReadable(settings.identityFile())) {
            throw UsageException.field("--identity-file", "cannot read " + settings.identityFile(),
                    "pass a readable private key file (0600)");
        }
        Path dir = privateDir();
        try {
            List<String> opts = baseOptions(dir, host, port, pinnedHostKey, settings);
            List<String> refused = new ArrayList<>();
            for (String u : users) {
                SshConnection c = new SshConnection(runner, host, port, u, dir, opts);
                ProcessResult r = c.startMaster(settings.connectTimeout());
                if (r.ok()) {
                    Runtime.getRuntime().addShutdownHook(c.onShutdown);
                    return c;
                }
                String err = r.stderr();
                if (isHostKeyProblem(err)) {
                    throw new EngineException("ssh " + HostKeys.pattern(host, port) + ": host key "
                            + (err.contains("CHANGED") || err.contains("does not match") ? "does not match" : "is not known")
                            + "; nothing was run. The host presents " + HostKeys.currentFingerprints(runner, host, port)
                            + ". If the VM was rebuilt, check that fingerprint and update the pinned key or known_hosts"
                            + " (or pass --accept-new-host-key for a host never seen)");
                }
                if (err.contains("Permission denied")) {
                    refused.add(u);
                    continue;
                }
                throw new EngineException("ssh " + u + "@" + HostKeys.pattern(host, port) + " failed: "
                        + (r.timedOut() ? "timed out" : r.tail(3).replace('\n', ' ')));
            }
            throw new EngineException("ssh " + HostKeys.pattern(host, port) + ": the key was refused for "
                    + String.join(", ", refused) + "; load the deploy key with sshagent or pass --identity-file,"
                    + " and check the user (--user)");
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** "user@host:port", for messages. */
    public String describe() {
        return user + "@" + HostKeys.pattern(host, port);
    }

    /** Runs one remote command line (its words already quoted with {@link ShellQuote}) over the master. */
    public ProcessResult exec(String remoteCommand, byte[] stdin, Duration timeout, OutputListener listener) {
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(options);
        argv.addAll(List.of("-o", "ControlMaster=no", "-l", user, "--", host, remoteCommand));
        return runner.run(new Command(argv, null, null, stdin, timeout), listener);
    }

    /** The argv of a command over this connection, for tests that check nothing secret is in it. */
    List<String> options() {
        return options;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException shuttingDown) {
            // already in the hook
        }
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(options);
        argv.addAll(List.of("-O", "exit", "-l", user, "--", host));
        runner.run(Command.of(argv).withTimeout(Duration.ofSeconds(10)));
        deleteTree(privateDir);
    }

    private ProcessResult startMaster(Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(options);
        // -N -f: authenticate, then put the master in the background; it exits by itself when idle.
        argv.addAll(List.of("-o", "ControlMaster=yes", "-o", "ControlPersist=60", "-N", "-f", "-l", user, "--", host));
        return runner.run(Command.of(argv).withTimeout(timeout.plusSeconds(5)));
    }

    private static List<String> baseOptions(Path dir, String host, int port, String pinnedHostKey,
                                            SshSettings settings) {
        List<String> o = new ArrayList<>(List.of(
                "-F", "/dev/null",
                "-o", "BatchMode=yes",
                "-o", "ControlPath=" + dir.resolve("cm"),
                "-o", "ConnectTimeout=" + Math.max(1, settings.connectTimeout().toSeconds()),
                "-o", "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3",
                "-o", "CheckHostIP=no",
                "-o", "UpdateHostKeys=no",
                "-o", "LogLevel=ERROR",
                "-p", Integer.toString(port)));
        if (pinnedHostKey != null && !pinnedHostKey.isBlank()) {
            try {
                Path kh = HostKeys.writePinned(dir, host, port, pinnedHostKey);
                o.addAll(List.of("-o", "UserKnownHostsFile=" + kh, "-o", "GlobalKnownHostsFile=/dev/null",
                        "-o", "StrictHostKeyChecking=yes"));
            } catch (IllegalArgumentException e) {
                throw UsageException.field("hostKey", e.getMessage(), "copy the line from ssh-keyscan, without the host name");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            Path kh = settings.knownHosts() != null ? settings.knownHosts()
                    : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            o.addAll(List.of("-o", "UserKnownHostsFile=" + kh,
                    "-o", "StrictHostKeyChecking=" + (settings.acceptNewHostKey() ? "accept-new" : "yes")));
        }
        if (settings.identityFile() != null) {
            o.addAll(List.of("-i", settings.identityFile().toString(), "-o", "IdentitiesOnly=yes"));
        }
        return List.copyOf(o);
    }

    private static boolean isHostKeyProblem(String stderr) {
        return stderr.contains("Host key verification failed") || stderr.contains("host key is known")
                || stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
    }

    private static void checkHost(String host, int port) {
        if (host == null || !host.matches(HOST_PATTERN)) {
            throw UsageException.field("host", "'" + host + "' is not a host name or IP address",
                    "set the host to a name like vm1.example.com or an IP");
        }
        if (port < 1 || port > 65535) {
            throw UsageException.field("port", port + " is outside 1-65535", "set the SSH port, usually 22");
        }
    }

    /** A 0700 temp dir for the control socket and a pinned known_hosts; short, so the socket path fits. */
    private static Path privateDir() {
        try {
            return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ivs",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new EngineException("cannot create a private temp dir for ssh: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir already gone
        }
    }
}
