package io.inventiv.pipeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.inventiv.pipeline.testsupport.Processes;

/** A real OpenSSH ssh-agent on its own socket (what Jenkins' sshagent step provides), stopped by close(). */
public final class SshAgentFixture implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Process process;

    private SshAgentFixture(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    public static SshAgentFixture start() {
        try {
            // Short path: unix socket paths are limited to 108 bytes.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "agent");
            Path socket = dir.resolve("sock");
            Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("ssh-agent exited " + p.exitValue());
                }
                pause();
            }
            if (!Files.exists(socket)) {
                Processes.stop(p);
                throw new IllegalStateException("ssh-agent did not create " + socket);
            }
            return new SshAgentFixture(dir, socket, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String socket() {
        return socket.toString();
    }

    /** Adds a private key with ssh-add, as the sshagent step does with the credential's key. */
    public void add(Path key) {
        try {
            ProcessBuilder pb = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            pb.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ssh-add failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh passphrase-less ed25519 key pair in dir; returns the private key's path. */
    static Path newKey(Path dir, String name) {
        Path key = dir.resolve(name);
        Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
        return key;
    }

    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteTree(dir);
    }
}
