package io.inventiv.pipeline.oci;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.inventiv.pipeline.UsageException;

/**
 * The hosts NO_PROXY sends direct: comma-separated entries, each a host name (itself and its
 * subdomains; a leading "." or "*." is allowed), an IP literal or a CIDR block, optionally
 * with ":port" (IPv6 in brackets then); "*" alone sends everything direct. Names are compared
 * as written, never resolved, and loopback is not special (curl's rule, not Go's): a local
 * registry needs "localhost,127.0.0.1" in NO_PROXY like any other host.
 */
final class NoProxy {
    static final NoProxy NOTHING = new NoProxy(false, List.of());

    private static final String FIX = "give host names, IP addresses or CIDR blocks (10.0.0.0/8), "
            + "each optionally with :port, separated by commas";

    private final boolean everything;
    private final List<Rule> rules;

    /**
     * One entry. {@code name} (lower case, no leading or trailing dot) for a host name, else
     * {@code address} and {@code prefixBits} for an IP or a CIDR block; {@code port} -1 for any.
     */
    private record Rule(String name, byte[] address, int prefixBits, int port) {
    }

    private NoProxy(boolean everything, List<Rule> rules) {
        this.everything = everything;
        this.rules = rules;
    }

    /** Parses NO_PROXY's value; an entry with a bad port or prefix length is bad input naming {@code variable}. */
    static NoProxy parse(String variable, String value) {
        if (value == null) {
            return NOTHING;
        }
        List<Rule> rules = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if ("*".equals(entry)) {
                return new NoProxy(true, List.of());
            }
            Rule r = rule(variable, entry);
            if (r != null) {
                rules.add(r);
            }
        }
        return new NoProxy(false, List.copyOf(rules));
    }

    /** Whether a request to {@code host} (as a URI writes it: IPv6 in brackets) on {@code port} goes direct. */
    boolean bypasses(String host, int port) {
        if (everything) {
            return true;
        }
        if (rules.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        byte[] ip = literal(h);
        for (Rule r : rules) {
            if (r.port() >= 0 && r.port() != port) {
                continue;
            }
            if (r.name() != null ? h.equals(r.name()) || h.endsWith("." + r.name())
                    : ip != null && inBlock(ip, r.address(), r.prefixBits())) {
                return true;
            }
        }
        return false;
    }

    private static Rule rule(String variable, String entry) {
        String addr;
        int port = -1;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw bad(variable, entry, "has no closing ]");
            }
            addr = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (rest.startsWith("/")) { // [fd00::]/8 or [fd00::]/8:5000
                int colon = rest.indexOf(':');
                addr += colon < 0 ? rest : rest.substring(0, colon);
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(variable, entry, "has something other than :port after the ]");
                }
                port = port(variable, entry, rest.substring(1));
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            addr = entry.substring(0, entry.indexOf(':'));
            port = port(variable, entry, entry.substring(entry.indexOf(':') + 1));
        } else {
            addr = entry; // no port, or an IPv6 address without brackets (its colons are no port)
        }
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            byte[] network = literal(addr.substring(0, slash));
            if (network == null) {
                throw bad(variable, entry, "has no IP address before the /");
            }
            int bits = number(addr.substring(slash + 1), network.length * 8);
            if (bits < 0) {
                throw bad(variable, entry, "has a prefix length that is not 0 to " + network.length * 8);
            }
            return new Rule(null, network, bits, port);
        }
        byte[] ip = literal(addr);
        if (ip != null) {
            return new Rule(null, ip, ip.length * 8, port);
        }
        String name = addr.startsWith("*.") ? addr.substring(2) : addr.startsWith(".") ? addr.substring(1) : addr;
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return name.isEmpty() ? null : new Rule(name, null, 0, port);
    }

    private static boolean inBlock(byte[] ip, byte[] network, int bits) {
        if (ip.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (ip[full] & mask) == (network[full] & mask);
    }

    /**
     * The bytes of an IPv4 (dotted quad) or IPv6 literal, or null for anything else. Never a DNS
     * lookup: InetAddress parses a bracketed string as an IPv6 literal or fails.
     */
    static byte[] literal(String s) {
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return null;
                }
            }
            try {
                return InetAddress.getByName("[" + s + "]").getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = number(parts[i], 255);
            if (octet < 0) {
                return null;
            }
            ip[i] = (byte) octet;
        }
        return ip;
    }

    /** A decimal of at most 5 digits from 0 to {@code max}, else -1. */
    private static int number(String s, int max) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= max ? n : -1;
    }

    private static int port(String variable, String entry, String s) {
        int p = number(s, 65535);
        if (p < 1) {
            throw bad(variable, entry, "has a port that is not a number from 1 to 65535");
        }
        return p;
    }

    private static UsageException bad(String variable, String entry, String problem) {
        return UsageException.field(variable, "the entry '" + entry + "' " + problem, FIX);
    }
}
