package io.inventiv.pipeline.oci;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;

/**
 * Which token realms may receive a registry's basic credentials. A registry's 401 names the
 * realm, so a hostile or compromised registry could name its own server and harvest the CI
 * token: only a realm on the registry's own host, or on its registrable domain
 * ({@code registry.gitlab.com} → {@code gitlab.com}, {@code docker.io} → {@code auth.docker.io}),
 * or one the user allows in {@code INVENTIV_ALLOWED_TOKEN_REALMS} gets them.
 */
final class TokenRealms {
    static final String ALLOWED_VAR = "INVENTIV_ALLOWED_TOKEN_REALMS";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

    private final Set<String> allowed;
    /** Null: the system's list, read only when a realm is off the registry's host. */
    private final PublicSuffixes suffixes;

    TokenRealms(Set<String> allowed, PublicSuffixes suffixes) {
        this.allowed = Set.copyOf(allowed);
        this.suffixes = suffixes;
    }

    static TokenRealms none() {
        return new TokenRealms(Set.of(), null);
    }

    /** The hosts {@code INVENTIV_ALLOWED_TOKEN_REALMS} names (comma-separated); a malformed one is exit 2. */
    static TokenRealms from(Map<String, String> env) {
        Set<String> hosts = new LinkedHashSet<>();
        String list = env.get(ALLOWED_VAR);
        for (String raw : list == null ? new String[0] : list.split(",")) {
            String host = raw.strip().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            if (!HOST.matcher(host).matches()) {
                throw UsageException.field(ALLOWED_VAR, "'" + raw.strip() + "' is not a host name",
                        "list the token servers' host names separated by commas, e.g. auth.example.com");
            }
            hosts.add(host);
        }
        return new TokenRealms(hosts, null);
    }

    /**
     * Refuses a realm the credentials must not go to: not http(s), no host, or a host off the
     * registry's domain and not allowed. The message names the realm and the way to allow it.
     */
    void check(String registry, String realm, String action) {
        URI uri;
        try {
            uri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new EngineException(action + ": " + registry + " names the token realm '" + realm
                    + "', not an http(s) URL; the credentials are not sent");
        }
        String realmHost = bare(uri.getHost());
        String registryHost = bare(hostOf(registry));
        if (realmHost.equals(registryHost) || allowed.contains(realmHost) || sameDomain(registryHost, realmHost)) {
            return;
        }
        throw new EngineException(action + ": " + registry + " names the token realm " + uri.getScheme() + "://"
                + uri.getRawAuthority() + ", off the registry's domain; the credentials are not sent there. If that "
                + "token server is genuine, allow it with " + ALLOWED_VAR + "=" + realmHost);
    }

    /** The realm's host is the registry's registrable domain or under it (never for an address). */
    private boolean sameDomain(String registryHost, String realmHost) {
        String domain = (suffixes != null ? suffixes : PublicSuffixes.system()).registrableDomain(registryHost);
        return domain != null && (realmHost.equals(domain) || realmHost.endsWith("." + domain));
    }

    private static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end < 0 ? registry : registry.substring(0, end + 1);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
