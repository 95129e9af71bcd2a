package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.net.httpserver.HttpExchange;

/**
 * TEST DOUBLE of a distant registry for bench/promote: adds a fixed delay to every request
 * (a real registry's round trip) and appends "METHOD path" of each to a log, so the bench can
 * count the requests each tool makes.
 * Usage: {@code java -cp target/test-classes LatencyProxy BACKEND_URL DELAY_MS PORT_FILE LOG_FILE}
 */
public final class LatencyProxy extends ForwardingProxy {
    private final long delayMillis;
    private final Path log;

    public LatencyProxy(String backend, long delayMillis, Path log) {
        super(backend);
        this.delayMillis = delayMillis;
        this.log = log;
    }

    @Override
    protected boolean intercept(HttpExchange ex) throws IOException {
        synchronized (this) {
            Files.writeString(log, ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        LatencyProxy p = new LatencyProxy(args[0], Long.parseLong(args[1]), Path.of(args[3]));
        int inner = Integer.parseInt(p.host().substring(p.host().indexOf(':') + 1));
        try (ServerSocket front = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Files.writeString(Path.of(args[2]), String.valueOf(front.getLocalPort()));
            while (true) {
                Socket client = front.accept();
                Thread t = new Thread(() -> splice(client, inner), "front");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * Clients such as skopeo try TLS first on an "insecure" registry; a plain-http registry
     * refuses the TLS hello at once, while the JDK HttpServer would wait for a request line.
     * So the front closes TLS attempts (first byte 0x16) and pipes everything else inward.
     */
    private static void splice(Socket client, int innerPort) {
        try (client; Socket inner = new Socket(InetAddress.getLoopbackAddress(), innerPort)) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == 0x16) {
                return;
            }
            OutputStream toInner = inner.getOutputStream();
            toInner.write(first);
            Thread back = new Thread(() -> pipe(inner, client), "front-back");
            back.setDaemon(true);
            back.start();
            in.transferTo(toInner);
            inner.shutdownOutput();
            back.join();
        } catch (IOException | InterruptedException e) {
            // connection over
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // connection over
        }
    }
}
