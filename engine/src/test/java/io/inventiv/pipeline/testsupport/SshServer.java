package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OpenSSH sshd on a free loopback port with its own config, host key (ed25519) and one
 * authorized client key, logging in as the current user (root here). {@code SetEnv} passes
 * variables to every session, e.g. DOCKER_HOST of the test dockerd, so the "remote" side of a
 * deploy reaches real docker. LogLevel VERBOSE: each handshake leaves one "Connection from" line.
 */
public final class SshServer implements AutoCloseable {
    private final Path dir;
    private final String address;
    private final int port;
    private final Process process;

    private SshServer(Path dir, String address, int port, Process process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
    }

    public static SshServer start(Map<String, String> sessionEnv) {
        return start("127.0.0.1", sessionEnv);
    }

    /** On another loopback address (Linux routes all of 127.0.0.0/8 to lo): a second host with its own address. */
    public static SshServer start(String listenAddress, Map<String, String> sessionEnv) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "sshd");
            Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host",
                    "-f", dir.resolve("host_key").toString()));
            Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-client",
                    "-f", dir.resolve("client_key").toString()));
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            Files.createDirectories(Path.of("/run/sshd"));
            int port = FreePort.find();
            StringBuilder cfg = new StringBuilder()
                    .append("Port ").append(port).append('\n')
                    .append("ListenAddress ").append(listenAddress).append('\n')
                    .append("HostKey ").append(dir.resolve("host_key")).append('\n')
                    .append("AuthorizedKeysFile ").append(dir.resolve("authorized_keys")).append('\n')
                    .append("PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n")
                    .append("PermitRootLogin prohibit-password\n")
                    .append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
                    .append("LogLevel VERBOSE\nMaxSessions 50\nMaxStartups 50\n")
                    .append("Subsystem sftp /usr/lib/openssh/sftp-server\n");
            if (!sessionEnv.isEmpty()) {
                cfg.append("SetEnv");
                sessionEnv.forEach((k, v) -> cfg.append(' ').append(k).append('=').append(v));
                cfg.append('\n');
            }
            Files.writeString(dir.resolve("sshd_config"), cfg.toString());
            // -D: stay in the foreground so the test owns the process; -E: log to a file we can count in.
            Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-f", dir.resolve("sshd_config").toString(),
                    "-E", dir.resolve("sshd.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
            FreePort.awaitListening(listenAddress, port, Duration.ofSeconds(20), p);
            SshServer server = new SshServer(dir, listenAddress, port, p);
            server.awaitProbeLogged();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * sshd logs the readiness probe's connection a moment after accepting it; a test counting
     * handshakes from here on must not see it arrive late.
     */
    private void awaitProbeLogged() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handshakes() < 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public int port() {
        return port;
    }

    /** The loopback address it listens on. */
    public String address() {
        return address;
    }

    /** The private key the server accepts (0600, made by ssh-keygen). */
    public Path clientKey() {
        return dir.resolve("client_key");
    }

    /** "ssh-ed25519 AAAA…", the form a profile pins. */
    public String hostKeyLine() {
        try {
            String[] f = Files.readString(dir.resolve("host_key.pub")).strip().split("\\s+");
            return f[0] + " " + f[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A known_hosts file holding this server's key. */
    public Path knownHosts() {
        try {
            Path kh = dir.resolve("known_hosts");
            Files.writeString(kh, "[" + address + "]:" + port + " " + hostKeyLine() + "\n");
            return kh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA256 fingerprint of the host key, as ssh-keygen -l prints it. */
    public String fingerprint() {
        String out = Processes.run(List.of("ssh-keygen", "-l", "-f", dir.resolve("host_key.pub").toString()));
        return out.strip().split("\\s+")[1];
    }

    /** Handshakes so far: sshd logs one "Connection from" line per TCP connection. */
    public int handshakes() {
        return (int) log().lines().filter(l -> l.contains("Connection from")).count();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Cuts every open connection: the per-connection sshd processes die (the listener stays), as
     * when a network drops. Processes started in the sessions are left to the session's fate.
     */
    public void dropConnections() {
        process.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/sshd")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteTree(dir);
    }
}
