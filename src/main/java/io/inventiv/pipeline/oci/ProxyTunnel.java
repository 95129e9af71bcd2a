package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import io.inventiv.pipeline.EngineException;

/**
 * The CONNECT handshake that turns a connection to an HTTP proxy into a tunnel to a registry,
 * over which {@link HttpTransport} then runs TLS as if it were connected directly. A CONNECT is
 * no request to the registry: it is not counted.
 */
final class ProxyTunnel {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private ProxyTunnel() {
    }

    /**
     * Asks {@code proxy} for a tunnel to {@code target} (host:port) and reads its answer, byte
     * by byte so that nothing of what follows is consumed (the TLS handshake reads that), within
     * {@code timeoutMillis} (the socket's read timeout, set by the caller). A 5xx or a silent
     * proxy is an IOException, retried like a dropped connection; a 407 or another refusal ends
     * the call. A 401 can only be the proxy's here (tinyproxy answers wrong credentials with it).
     */
    static void open(Socket socket, HttpProxy proxy, String target, int timeoutMillis) throws IOException {
        StringBuilder request = new StringBuilder(192).append("CONNECT ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target).append("\r\nUser-Agent: inventiv-pipeline\r\n");
        if (proxy.authorization() != null) {
            request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status;
        try {
            status = finalStatusLine(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the proxy " + proxy.address() + " did not answer the CONNECT to "
                    + target + " within " + timeoutMillis + " ms");
        }
        if (status == null) {
            throw new IOException("the proxy " + proxy.address() + " gave no HTTP answer to the CONNECT to " + target);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        if (code >= 200 && code < 300) {
            return;
        }
        String reason = code == 407 ? "Proxy Authentication Required" : printable(status.substring(12).strip());
        String message = proxy.refused("tunnel", target, code, reason);
        if (code >= 500) {
            throw new IOException(message);
        }
        throw new EngineException(message);
    }

    /** The status line of the final answer (interim 1xx skipped), its headers read; null when it is no HTTP answer. */
    private static String finalStatusLine(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String status = line(in, budget);
            if (status == null || !status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' '
                    || !threeDigits(status)) {
                return null;
            }
            for (String h = line(in, budget); h != null && !h.isEmpty(); h = line(in, budget)) {
                // the answer's headers: nothing the engine needs
            }
            if (status.charAt(9) != '1') {
                return status;
            }
        }
    }

    /** One line without its line end; null at the end of the stream or beyond the head's byte budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c >= 0 && budget[0]-- > 0; c = in.read()) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return null;
    }

    /** "HTTP/1.x " then exactly three digits, then a space or the end. */
    private static boolean threeDigits(String status) {
        for (int i = 9; i < 12; i++) {
            if (status.charAt(i) < '0' || status.charAt(i) > '9') {
                return false;
            }
        }
        return status.length() == 12 || status.charAt(12) == ' ';
    }

    /** A proxy's reason phrase as a message may quote it: printable ASCII, at most 60 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 60));
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
