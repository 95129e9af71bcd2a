package io.inventiv.pipeline.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/**
 * The secrets the engine knows from its environment before any command runs, so every text it
 * writes is masked from the first line on, whatever the command: {@code REGISTRY_PASSWORD}
 * (with docker's {@code user:password} pair, whose base64 is the auth a child may print) and
 * every variable {@code INVENTIV_SECRET_VARS} names (the Jenkins steps list what they bind with
 * {@code withCredentials}). Profile secrets join when a profile is resolved.
 * {@code REGISTRY_USERNAME} is not a secret: masking it would turn every reference and JSON
 * field holding a word like {@code ci-bot} into a mask.
 */
public final class KnownSecrets {
    public static final String SECRET_VARS = "INVENTIV_SECRET_VARS";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private KnownSecrets() {
    }

    /**
     * Adds the environment's secrets to the redactor; a value too short to mask, or a malformed
     * {@code INVENTIV_SECRET_VARS}, is refused by name (exit 2) before anything is added.
     */
    public static void register(Map<String, String> env, Redactor redactor) {
        List<String> secrets = new ArrayList<>();
        String password = env.get("REGISTRY_PASSWORD");
        if (password != null && !password.isEmpty()) {
            requireMaskable("REGISTRY_PASSWORD", password);
            secrets.add(password);
            String user = env.get("REGISTRY_USERNAME");
            if (user != null && !user.isBlank()) {
                secrets.add(user + ":" + password);
                secrets.add(user.strip() + ":" + password);
            }
        }
        String names = env.get(SECRET_VARS);
        for (String raw : names == null ? new String[0] : names.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw UsageException.field(SECRET_VARS, "'" + name + "' is not an environment variable name",
                        "list names separated by commas, e.g. DB_PASSWORD,API_TOKEN");
            }
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                requireMaskable(name, value);
                secrets.add(value);
            }
        }
        secrets.forEach(redactor::add);
    }

    private static void requireMaskable(String name, String value) {
        if (value.length() < Redactor.MIN_LENGTH) {
            throw UsageException.field(name, "is shorter than " + Redactor.MIN_LENGTH
                    + " characters, too short to be masked in logs", "use a longer secret");
        }
    }
}
