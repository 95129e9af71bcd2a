package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OCI registry (Debian's docker-registry, distribution 2.8) on a free loopback port,
 * with filesystem storage in a temp dir. Optionally TLS with a self-signed certificate for
 * 127.0.0.1 and htpasswd basic auth.
 */
public final class RegistryServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean tls;
    private final Process process;

    private RegistryServer(Path dir, int port, boolean tls, Process process) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.process = process;
    }

    /** Plain http, anonymous. */
    public static RegistryServer start() {
        return start(false, null, null);
    }

    /** TLS (self-signed, see {@link #caCert()}) with basic auth for one user. */
    public static RegistryServer startTls(String user, String password) {
        return start(true, user, password);
    }

    private static RegistryServer start(boolean tls, String user, String password) {
        try {
            Path dir = Files.createTempDirectory("registry-");
            int port = FreePort.find();
            StringBuilder cfg = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
            if (tls) {
                Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
                cfg.append("  tls:\n    certificate: ").append(dir.resolve("cert.pem"))
                        .append("\n    key: ").append(dir.resolve("key.pem")).append('\n');
            }
            if (user != null) {
                String line = Processes.run(List.of("htpasswd", "-Bbn", user, password)).strip();
                Files.writeString(dir.resolve("htpasswd"), line + "\n");
                cfg.append("auth:\n  htpasswd:\n    realm: test-registry\n    path: ")
                        .append(dir.resolve("htpasswd")).append('\n');
            }
            Path config = dir.resolve("config.yml");
            Files.writeString(config, cfg.toString());
            Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            FreePort.awaitListening(port, Duration.ofSeconds(20), p);
            return new RegistryServer(dir, port, tls, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:PORT", the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return (tls ? "https://" : "http://") + host();
    }

    /** The self-signed certificate, to pass as --ca-file (TLS registries only). */
    public Path caCert() {
        return dir.resolve("cert.pem");
    }

    /** The registry's filesystem storage: what a test compares to prove nothing was written. */
    public Path storage() {
        return dir.resolve("data");
    }

    public Path log() {
        return dir.resolve("registry.log");
    }

    public boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteTree(dir);
    }
}
