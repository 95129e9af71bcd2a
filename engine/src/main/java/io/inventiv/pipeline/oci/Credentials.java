package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/**
 * Registry credentials, never from argv: REGISTRY_USERNAME / REGISTRY_PASSWORD for every
 * registry, else {@code auths.<host>.auth} of {@code $DOCKER_CONFIG/config.json}. Every secret
 * goes to the redactor the moment it is read.
 */
final class Credentials {
    record Basic(String username, String password) {
        String header() {
            String token = Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            Redactor.global().add(token);
            return "Basic " + token;
        }

        @Override
        public String toString() {
            return "Basic[" + username + "]";
        }
    }

    private final Basic fromEnvironment;
    private final Map<String, Object> auths;
    private final TokenRealms realms;

    private Credentials(Basic fromEnvironment, Map<String, Object> auths, TokenRealms realms) {
        this.fromEnvironment = fromEnvironment;
        this.auths = auths;
        this.realms = realms;
    }

    static Credentials none() {
        return new Credentials(null, null, TokenRealms.none());
    }

    static Credentials from(Map<String, String> env) {
        String user = blankToNull(env.get("REGISTRY_USERNAME"));
        String password = blankToNull(env.get("REGISTRY_PASSWORD"));
        Redactor.global().add(password);
        if ((user == null) != (password == null)) {
            throw UsageException.field(user == null ? "REGISTRY_USERNAME" : "REGISTRY_PASSWORD", "is not set",
                    "set both REGISTRY_USERNAME and REGISTRY_PASSWORD, or neither");
        }
        TokenRealms realms = TokenRealms.from(env);
        Basic basic = user == null ? null : new Basic(user, password);
        Map<String, Object> auths = null;
        String dockerConfig = blankToNull(env.get("DOCKER_CONFIG"));
        if (basic == null && dockerConfig != null) {
            auths = readAuths(Path.of(dockerConfig).resolve("config.json"));
        }
        return new Credentials(basic, auths, realms);
    }

    /**
     * The credentials a registry's token realm may receive: those of the registry, once the realm
     * has passed {@link TokenRealms#check} (a realm off the registry's domain is refused, so a
     * registry cannot send the CI token elsewhere). Without credentials any realm may be asked.
     */
    Optional<Basic> forRealm(String registry, String realm, String action) {
        Optional<Basic> basic = forHost(registry);
        if (basic.isPresent()) {
            realms.check(registry, realm, action);
        }
        return basic;
    }

    /** The credentials for a registry host ({@code host[:port]}), if any. */
    Optional<Basic> forHost(String host) {
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        if (auths == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Object> e : auths.entrySet()) {
            String auth = JsonReader.string(JsonReader.object(e.getValue()), "auth");
            if (host.equals(hostOf(e.getKey())) && auth != null) {
                return Optional.of(decode(auth, e.getKey()));
            }
        }
        return Optional.empty();
    }

    private static String hostOf(String key) {
        String k = key.replaceFirst("^https?://", "");
        int slash = k.indexOf('/');
        k = slash < 0 ? k : k.substring(0, slash);
        return "index.docker.io".equals(k) ? ImageRef.DEFAULT_REGISTRY : k;
    }

    private static Basic decode(String auth, String key) {
        Redactor.global().add(auth);
        String plain;
        try {
            plain = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw UsageException.field("DOCKER_CONFIG", "auths." + key + ".auth is not base64",
                    "write base64(username:password) there, e.g. with docker login");
        }
        int colon = plain.indexOf(':');
        if (colon <= 0) {
            throw UsageException.field("DOCKER_CONFIG", "auths." + key + ".auth is not username:password",
                    "write base64(username:password) there, e.g. with docker login");
        }
        Redactor.global().add(plain.substring(colon + 1));
        return new Basic(plain.substring(0, colon), plain.substring(colon + 1));
    }

    private static Map<String, Object> readAuths(Path config) {
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            Object auths = JsonReader.object(JsonReader.parse(Files.readAllBytes(config))).get("auths");
            return auths instanceof Map ? JsonReader.object(auths) : null;
        } catch (IOException | IllegalArgumentException e) {
            throw UsageException.field("DOCKER_CONFIG", config + " is not readable JSON",
                    "fix the file or unset DOCKER_CONFIG");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
