package io.inventiv.pipeline.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Is an SSH key usable? Either an explicit {@code --identity-file} that holds a private key ssh
 * will accept, or an agent at {@code SSH_AUTH_SOCK} (Jenkins' sshagent step) that lists at least
 * one identity. The key itself is never read into the engine: only its header and, through
 * {@code ssh-keygen -l}, its fingerprint.
 */
public final class SshKeyCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** How the key was found ({@code agent} or {@code file}), or why none is usable. */
    public record Result(String source, boolean missing, String problem) {
        public boolean ok() {
            return source != null;
        }
    }

    private final CommandRunner runner;

    public SshKeyCheck(CommandRunner runner) {
        this.runner = runner;
    }

    public Result check(Map<String, String> env, Path identityFile) {
        if (identityFile != null) {
            String problem = identityFileProblem(identityFile);
            return problem == null ? new Result("file", false, null) : new Result(null, false, problem);
        }
        String sock = env.get("SSH_AUTH_SOCK");
        if (sock == null || sock.isBlank()) {
            return new Result(null, true, "no SSH key: SSH_AUTH_SOCK is not set and --identity-file was not given; "
                    + "wrap the step in sshagent([...]) or pass --identity-file from a sshUserPrivateKey binding");
        }
        ProcessResult r = runner.run(Command.of("ssh-add", "-l").withEnv("SSH_AUTH_SOCK", sock)
                .withStdin(new byte[0]).withTimeout(TIMEOUT));
        if (r.ok() && !r.stdout().isBlank()) {
            return new Result("agent", false, null);
        }
        if (r.exitCode() == 1) {
            return new Result(null, false, "the ssh agent at SSH_AUTH_SOCK holds no identity; "
                    + "give the sshagent step the deploy key's credential id");
        }
        return new Result(null, false, "cannot talk to the ssh agent at SSH_AUTH_SOCK (ssh-add -l exited "
                + r.exitCode() + "); check that the sshagent step is still open around this step");
    }

    private String identityFileProblem(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "--identity-file " + file + " is not a readable file";
        }
        try {
            if (!startsLikePrivateKey(file)) {
                return "--identity-file " + file + " does not hold a private key (no '-----BEGIN ... PRIVATE KEY-----' line)";
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return "--identity-file " + file + " is accessible by group or others, and ssh refuses such keys; chmod 600 it";
            }
        } catch (IOException e) {
            return "--identity-file " + file + " cannot be read: " + e.getMessage();
        }
        ProcessResult r = runner.run(Command.of("ssh-keygen", "-l", "-f", file.toString())
                .withStdin(new byte[0]).withTimeout(TIMEOUT));
        return r.ok() ? null : "--identity-file " + file + " is not a key ssh-keygen can read";
    }

    /** Reads only the first line: the header says what the file is; the key stays on disk. */
    private static boolean startsLikePrivateKey(Path file) throws IOException {
        byte[] head = new byte[80];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String first = new String(head, 0, n, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        return first.startsWith("-----BEGIN ") && first.endsWith("PRIVATE KEY-----");
    }
}
