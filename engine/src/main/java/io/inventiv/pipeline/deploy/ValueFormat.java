package io.inventiv.pipeline.deploy;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape a profile value must have. {@link #check} returns the problem in words (never the
 * value, which may be a secret) or null. Formats marked shell-safe admit only characters that
 * mean nothing to a shell, so profiles may use them inside remote commands (hooks, health check).
 */
public enum ValueFormat {
    TEXT("text", false),
    HOST("host", true),
    PORT("port", true),
    DOMAIN("domain", true),
    EMAIL("email", false),
    PATH("path", true),
    USER("user", true),
    OWNER("owner", true),
    IMAGE_REPO("image-repo", true),
    HOST_KEY("host-key", false);

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern TLD = Pattern.compile("(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=,-]*");
    private static final Pattern POSIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Pattern PUBLIC_HOST_KEY = Pattern.compile(
            "(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\\.com"
            + "|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,2}");
    private static final Pattern REPO_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    private final String yamlName;
    private final boolean shellSafe;

    ValueFormat(String yamlName, boolean shellSafe) {
        this.yamlName = yamlName;
        this.shellSafe = shellSafe;
    }

    public String yamlName() {
        return yamlName;
    }

    /** True when every valid value is made only of characters a shell treats literally. */
    public boolean shellSafe() {
        return shellSafe;
    }

    static ValueFormat fromYaml(String text) {
        for (ValueFormat f : values()) {
            if (f.yamlName.equals(text)) {
                return f;
            }
        }
        return null;
    }

    static String allNames() {
        return Arrays.stream(values()).map(ValueFormat::yamlName).collect(Collectors.joining(", "));
    }

    /** The problem with this value, in words that never repeat it, or null when it is fine. */
    public String check(String value) {
        return switch (this) {
            case TEXT -> null;
            case HOST -> isHost(value) ? null : "not a host name or IP address";
            case PORT -> isPort(value) ? null : "not a port number 1-65535";
            case DOMAIN -> isDomain(value) ? null : "not a domain name (like app.example.com)";
            case EMAIL -> isEmail(value) ? null : "not an e-mail address (like ops@example.com)";
            case PATH -> ABSOLUTE_PATH.matcher(value).matches() && !value.contains("/../") && !value.endsWith("/..")
                    ? null : "not an absolute path made of letters, digits and ._/@+=,-";
            case USER -> POSIX_USER.matcher(value).matches() ? null : "not a user name (lowercase letters, digits, _ and -)";
            case OWNER -> GITHUB_OWNER.matcher(value).matches() ? null
                    : "not a GitHub owner (letters, digits and -, at most 39)";
            case IMAGE_REPO -> imageRepoProblem(value);
            case HOST_KEY -> PUBLIC_HOST_KEY.matcher(value).matches() ? null
                    : "not a public host key line ('ssh-ed25519 AAAA...' as ssh-keyscan prints it, without the host)";
        };
    }

    static boolean isHost(String v) {
        if (IPV4.matcher(v).matches()) {
            return true;
        }
        if (IPV6.matcher(v).matches()) {
            return isIpv6(v);
        }
        if (v.length() > 253 || !HOSTNAME.matcher(v).matches()) {
            return false;
        }
        // "10.0.0.300" is a bad address, not a host name: a name's last label is not all digits.
        String last = v.substring(v.lastIndexOf('.') + 1);
        return !last.chars().allMatch(Character::isDigit);
    }

    private static boolean isIpv6(String v) {
        try {
            // An IPv6 literal is parsed without any name lookup.
            return java.net.InetAddress.getByName(v) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean isPort(String v) {
        if (v.isEmpty() || v.length() > 5 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || v.startsWith("0")) {
            return false;
        }
        int port = Integer.parseInt(v);
        return port >= 1 && port <= 65535;
    }

    static boolean isDomain(String v) {
        if (v.length() > 253 || !HOSTNAME.matcher(v).matches() || !v.contains(".")) {
            return false;
        }
        return TLD.matcher(v.substring(v.lastIndexOf('.') + 1)).matches();
    }

    static boolean isEmail(String v) {
        int at = v.lastIndexOf('@');
        if (at <= 0 || at != v.indexOf('@')) {
            return false;
        }
        String local = v.substring(0, at);
        return EMAIL_LOCAL.matcher(local).matches() && !local.startsWith(".") && !local.endsWith(".")
                && !local.contains("..") && isDomain(v.substring(at + 1));
    }

    /** A repository name without tag or digest, as docker's reference grammar has it. */
    static String imageRepoProblem(String v) {
        if (v.contains("@") || v.isEmpty()) {
            return "not an image repository (registry/path, without tag or digest)";
        }
        if (!v.equals(v.toLowerCase(java.util.Locale.ROOT))) {
            return "repository names must be lowercase";
        }
        String[] parts = v.split("/", -1);
        int first = 0;
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            String registry = parts[0];
            int colon = registry.lastIndexOf(':');
            String host = colon < 0 ? registry : registry.substring(0, colon);
            if (!isHost(host) || (colon >= 0 && !isPort(registry.substring(colon + 1)))) {
                return "the registry part is not host[:port]";
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (!REPO_COMPONENT.matcher(parts[i]).matches()) {
                return parts[i].contains(":") ? "not an image repository (registry/path, without tag or digest)"
                        : "a path component is not lowercase letters and digits separated by . _ __ or -";
            }
        }
        return null;
    }
}
