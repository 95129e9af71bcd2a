package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real HTTP proxy (Debian's tinyproxy 1.11) on a free loopback port, in the foreground, with
 * a generated config: no ConnectPort lines, so CONNECT may reach any port; optionally Basic
 * auth. Its log (LogLevel Connect) records the request line of every request it handled, which
 * is how tests see what went through it. As root it runs as root (it warns that no User is
 * set; a User line would make it drop to a user that cannot write the log in the temp dir).
 * tinyproxy's BasicAuth accepts only letters, digits and "-._" in user and password; it answers
 * a request without credentials with 407, but wrong credentials with 401 and a WWW-Authenticate
 * header (for a plain-http request that looks like the registry's own challenge). It closes
 * every client connection after one answer, without a "Connection: close".
 */
public final class TinyProxy implements AutoCloseable {
    private static final String REQUEST = "]: Request (file descriptor ";

    private final Path dir;
    private final int port;
    private final Process process;

    private TinyProxy(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A proxy anyone on loopback may use. */
    public static TinyProxy start() {
        return start(null, null);
    }

    /** A proxy that answers 407 unless the request carries these Basic credentials. */
    public static TinyProxy startWithBasicAuth(String user, String password) {
        return start(user, password);
    }

    private static TinyProxy start(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("tinyproxy-");
            int port = FreePort.find();
            StringBuilder cfg = new StringBuilder()
                    .append("Port ").append(port).append('\n')
                    .append("Listen 127.0.0.1\n")
                    .append("Allow 127.0.0.1\n")
                    .append("Timeout 60\n")
                    .append("MaxClients 50\n")
                    .append("LogFile \"").append(dir.resolve("tinyproxy.log")).append("\"\n")
                    .append("LogLevel Connect\n")
                    .append("PidFile \"").append(dir.resolve("tinyproxy.pid")).append("\"\n");
            if (user != null) {
                cfg.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
            }
            Path config = dir.resolve("tinyproxy.conf");
            Files.writeString(config, cfg.toString());
            Process p = new ProcessBuilder("tinyproxy", "-d", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            FreePort.awaitListening(port, Duration.ofSeconds(10), p);
            return new TinyProxy(dir, port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** "127.0.0.1:PORT" */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The proxy URL as HTTPS_PROXY / HTTP_PROXY take it: http://127.0.0.1:PORT */
    public String url() {
        return "http://" + address();
    }

    /** http://USERINFO@127.0.0.1:PORT, USERINFO as given (already %-encoded where needed). */
    public String url(String userinfo) {
        return "http://" + userinfo + "@" + address();
    }

    /**
     * The request lines the proxy handled, in order, e.g. "CONNECT 127.0.0.1:5000 HTTP/1.1" or
     * "GET http://127.0.0.1:5000/v2/ HTTP/1.1" (logged before it answers, 407s included).
     */
    public List<String> requests() {
        List<String> lines = new ArrayList<>();
        for (String l : log().split("\n")) {
            int at = l.indexOf(REQUEST);
            if (at >= 0) {
                lines.add(l.substring(l.indexOf("): ", at) + 3).strip());
            }
        }
        return lines;
    }

    public String log() {
        try {
            Path log = dir.resolve("tinyproxy.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteTree(dir);
    }
}
