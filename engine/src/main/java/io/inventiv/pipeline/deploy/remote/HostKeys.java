package io.inventiv.pipeline.deploy.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/** known_hosts lines for a pinned key, and the fingerprint a host presents right now. */
final class HostKeys {
    private HostKeys() {
    }

    /** How known_hosts names a host: bare for port 22, {@code [host]:port} otherwise. */
    static String pattern(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** Writes a one-line known_hosts holding the key the target pins ("ssh-ed25519 AAAA..."). */
    static Path writePinned(Path dir, String host, int port, String pinnedKey) throws java.io.IOException {
        String[] parts = pinnedKey.strip().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("a pinned host key has the form 'TYPE BASE64'");
        }
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, pattern(host, port) + " " + parts[0] + " " + parts[1] + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The SHA256 fingerprints of the keys the host offers now (ssh-keyscan, then ssh-keygen -l),
     * so an operator can check a rebuilt VM's new key; "unknown" when the host does not answer.
     */
    static String currentFingerprints(CommandRunner runner, String host, int port) {
        ProcessResult scan = runner.run(Command.of("ssh-keyscan", "-T", "5", "-p", Integer.toString(port), host)
                .withTimeout(Duration.ofSeconds(15)));
        if (scan.stdout().isBlank()) {
            return "unknown (ssh-keyscan got no key)";
        }
        ProcessResult fp = runner.run(Command.of(List.of("ssh-keygen", "-l", "-f", "-"))
                .withStdin(scan.stdout().getBytes(StandardCharsets.UTF_8))
                .withTimeout(Duration.ofSeconds(15)));
        StringBuilder out = new StringBuilder();
        for (String line : fp.stdout().strip().split("\\R")) {
            // "256 SHA256:abc... [127.0.0.1]:2222 (ED25519)" → "SHA256:abc... (ED25519)"
            String[] f = line.strip().split("\\s+");
            if (f.length >= 4) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(f[1]).append(' ').append(f[f.length - 1]);
            }
        }
        return out.length() == 0 ? "unknown" : out.toString();
    }
}
