package io.inventiv.pipeline.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** A complete environment for the built-in staging profile, as the team's GitHub environment holds it. */
final class StagingEnv {
    static final String POSTGRES_PASSWORD = "pg-S3cret-value-91";
    static final String WORKER_TOKEN = "wk-T0ken-value-42";

    private StagingEnv() {
    }

    static Map<String, String> complete() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STG_REMOTE_HOST", "staging.example.com");
        env.put("STG_SECRETS_DIR", "/srv/inventiv/secrets");
        env.put("STG_ROOT_DOMAIN", "example.com");
        env.put("STG_FRONTEND_DOMAIN", "app.example.com");
        env.put("STG_API_DOMAIN", "api.example.com");
        env.put("STG_ACME_EMAIL", "ops@example.com");
        env.put("STG_POSTGRES_PASSWORD", POSTGRES_PASSWORD);
        env.put("STG_WORKER_AUTH_TOKEN", WORKER_TOKEN);
        env.put("GITHUB_OWNER", "Inventiv-Org");
        return env;
    }

    static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }
}
