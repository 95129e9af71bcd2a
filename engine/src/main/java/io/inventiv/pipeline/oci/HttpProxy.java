package io.inventiv.pipeline.oci;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/**
 * An HTTP proxy as HTTPS_PROXY or HTTP_PROXY names it: {@code http://[user:password@]host[:port]}
 * or {@code host:port}. Parsed by hand, not by java.net.URI: a password may hold characters a
 * URI refuses, and the error must say what is wrong without echoing the value.
 *
 * @param variable      the environment variable it came from, named in every message about it
 * @param host          host name or IP literal (an IPv6 literal in brackets)
 * @param port          80 when the URL gives none
 * @param authorization the {@code Proxy-Authorization} value, or null without credentials
 */
record HttpProxy(String variable, String host, int port, String authorization) {
    private static final String FIX = "give http://[user:password@]host:port";

    /** Parses the value of {@code variable}; a malformed or https:// value is bad input naming the variable. */
    static HttpProxy parse(String variable, String value) {
        String v = value.strip();
        int schemeEnd = v.indexOf("://");
        String rest = v;
        if (schemeEnd >= 0) {
            String scheme = v.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            rest = v.substring(schemeEnd + 3);
            if ("https".equals(scheme)) {
                redactUserinfo(authority(rest));
                throw UsageException.field(variable, "an https:// proxy URL is not supported (the engine speaks "
                        + "plain HTTP to the proxy and TLS to the registry through the proxy's tunnel)", FIX);
            }
            if (!"http".equals(scheme)) {
                redactUserinfo(authority(rest));
                throw malformed(variable, "only http:// proxies are supported");
            }
        }
        String authority = authority(rest);
        String tail = rest.substring(authority.length());
        int at = authority.lastIndexOf('@');
        String authorization = at < 0 ? null : basic(variable, authority.substring(0, at));
        if (!tail.isEmpty() && !"/".equals(tail)) {
            throw malformed(variable, "a path, query or fragment after the host");
        }
        String hostPort = authority.substring(at + 1);
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw malformed(variable, "an IPv6 address without its closing ]");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw malformed(variable, "something other than :port after the IPv6 address");
                }
                port = after.substring(1);
            }
            if (NoProxy.literal(host.substring(1, close)) == null) {
                throw malformed(variable, "not an IPv6 address in the brackets");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!isHostName(host)) {
                throw malformed(variable, host.isEmpty() ? "no host" : "a host name with characters no host name has");
            }
        }
        return new HttpProxy(variable, host.toLowerCase(Locale.ROOT), port == null ? 80 : port(variable, port),
                authorization);
    }

    /** "host:port", as messages name the proxy. */
    String address() {
        return host + ":" + port;
    }

    /** The host as a socket wants it: an IPv6 literal without its brackets. */
    String socketHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Why the proxy would not carry a request: {@code what} is "tunnel" (CONNECT) or "request"
     * (plain http). A 407, or a 401 to a CONNECT (tinyproxy's answer to wrong credentials), says
     * where the credentials go. Never holds the credentials themselves.
     */
    String refused(String what, String target, int status, String reason) {
        String m = "proxy " + address() + " refused the " + what + " to " + target + " (" + status
                + (reason.isEmpty() ? "" : " " + reason) + ")";
        if (status != 407 && status != 401) {
            return m;
        }
        return m + (authorization == null
                ? "; put the proxy's credentials in " + variable + " as http://user:password@host:port"
                : "; it did not accept the credentials in " + variable
                        + ": give the right ones as http://user:password@host:port (%-encode : @ / in them)");
    }

    /** The authority: up to the first / ? or # after the last @ (a password may hold / ? #, not unencoded @). */
    private static String authority(String rest) {
        int at = rest.lastIndexOf('@');
        int from = Math.max(at, 0);
        int end = rest.length();
        for (int i = from; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return rest.substring(0, end);
    }

    /** "Basic base64(user:password)" from the URL's userinfo; every form of it is redacted first. */
    private static String basic(String variable, String userinfo) {
        redact(userinfo);
        int colon = userinfo.indexOf(':');
        String user = percentDecode(variable, colon < 0 ? userinfo : userinfo.substring(0, colon));
        String password = colon < 0 ? "" : percentDecode(variable, userinfo.substring(colon + 1));
        Redactor.global().add(password).add(user + ":" + password);
        if (user.isEmpty()) {
            throw malformed(variable, "credentials without a user name");
        }
        return new Credentials.Basic(user, password).header();
    }

    /** The userinfo of an authority that is refused whole goes to the redactor all the same. */
    private static void redactUserinfo(String authority) {
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            redact(authority.substring(0, at));
        }
    }

    /** The raw userinfo and its password go to the redactor before anything can fail on them. */
    private static void redact(String userinfo) {
        Redactor.global().add(userinfo);
        int colon = userinfo.indexOf(':');
        if (colon >= 0) {
            Redactor.global().add(userinfo.substring(colon + 1));
        }
    }

    /** %XX escapes to bytes, the whole read as UTF-8 ('%' is one byte in UTF-8, so the raw bytes can be walked). */
    private static String percentDecode(String variable, String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '%') {
                out.write(in[i]);
                continue;
            }
            int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (hi < 0 || lo < 0) {
                throw malformed(variable, "a % in the user or password not followed by two hex digits");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int port(String variable, String s) {
        int p = s.isEmpty() || s.length() > 5 ? -1 : 0;
        for (int i = 0; i < s.length() && p >= 0; i++) {
            char c = s.charAt(i);
            p = c >= '0' && c <= '9' ? p * 10 + (c - '0') : -1;
        }
        if (p < 1 || p > 65535) {
            throw malformed(variable, "the port is not a number from 1 to 65535");
        }
        return p;
    }

    /** Letters, digits, '-', '_' and dots: names and IPv4 literals (an unbracketed IPv6 literal is ambiguous with a port). */
    private static boolean isHostName(String h) {
        if (h.isEmpty() || h.startsWith(".") || h.contains("..")) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static UsageException malformed(String variable, String problem) {
        return UsageException.field(variable, "is not a proxy URL the engine can use (" + problem + ")", FIX);
    }

    /** Never prints the credentials, should a record be logged. */
    @Override
    public String toString() {
        return "HttpProxy[" + variable + " " + address() + (authorization == null ? "" : " with credentials") + "]";
    }
}
