package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.inventiv.pipeline.EngineException;

/**
 * The CONNECT handshake that turns a connection to an HTTP proxy into a tunnel to a registry,
 * over which {@link HttpTransport} then runs TLS as if it were connected directly. A CONNECT is
 * no request to the registry: it is not counted.
 */
final class ProxyTunnel {

    private ProxyTunnel() {
    }

    /**
     * Asks {@code proxy} for a tunnel to {@code target} (host:port) and reads its answer's head
     * with {@link HttpConnection}'s parser, within {@code timeoutMillis} (the socket's read
     * timeout, set by the caller). Nothing of the tunnel is read ahead: a proxy sends nothing
     * after its answer until the client's TLS hello, and one that does is refused. A 5xx or a
     * silent proxy is an IOException, retried like a dropped connection; a 407 or another refusal
     * ends the call. A 401 can only be the proxy's here (tinyproxy answers wrong credentials with it).
     */
    static void open(Socket socket, HttpProxy proxy, String target, int timeoutMillis) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", target);
        headers.put("User-Agent", HttpTransport.USER_AGENT);
        if (proxy.authorization() != null) {
            headers.put("Proxy-Authorization", proxy.authorization());
        }
        HttpConnection connection = new HttpConnection(proxy.address(), socket);
        connection.send("CONNECT", target, headers, null);
        HttpConnection.Head head;
        try {
            head = connection.readHead();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the proxy " + proxy.address() + " did not answer the CONNECT to "
                    + target + " within " + timeoutMillis + " ms");
        } catch (IOException e) {
            throw new IOException("the proxy " + proxy.address() + " gave no HTTP answer to the CONNECT to " + target,
                    e);
        }
        int code = head.status();
        if (code >= 200 && code < 300) {
            if (!connection.reusable()) {
                throw new IOException("the proxy " + proxy.address() + " sent data before the tunnel to " + target
                        + " was in use");
            }
            return;
        }
        String reason = code == 407 ? "Proxy Authentication Required" : printable(head.reason());
        String message = proxy.refused("tunnel", target, code, reason);
        if (code >= 500) {
            throw new IOException(message);
        }
        throw new EngineException(message);
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
