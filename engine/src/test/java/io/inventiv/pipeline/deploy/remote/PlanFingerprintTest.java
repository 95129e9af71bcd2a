package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The plan fingerprint holds what a plan decides and nothing that differs between two plans of
 * the same state: each decision moves it, each bystander field leaves it alone.
 */
class PlanFingerprintTest {
    static final String API_OLD = "ghcr.io/o/app-api@sha256:" + "0".repeat(64);
    static final String API_NEW = "ghcr.io/o/app-api@sha256:" + "a".repeat(64);
    static final String WORKER = "ghcr.io/o/app-worker@sha256:" + "b".repeat(64);

    static HostChanges host() {
        return new HostChanges("vm1", "ubuntu", "ok", "2c41e0b7a9d3f815", "886d78c1f29facf4", "41",
                List.of(new HostChanges.ServiceChange("worker", WORKER, WORKER, "unchanged"),
                        new HostChanges.ServiceChange("api", API_OLD, API_NEW, "update")),
                new HostChanges.EnvChanges("changed", List.of("NEW_FLAG"), List.of("OLD_FLAG"),
                        List.of("DB_PASSWORD", "API_IMAGE"), 3),
                "unchanged", new HostChanges.SecretFiles(List.of("new.key"), List.of("tls.key"), 1), true,
                List.of("a warning"));
    }

    static String fingerprint(HostChanges h) {
        return PlanFingerprint.of("production", "deploy", List.of(h));
    }

    static HostChanges with(HostChanges h, UnaryOperator<Object[]> change) {
        Object[] f = {h.host(), h.user(), h.docker(), h.releaseId(), h.runningRelease(), h.runningBuild(), h.services(),
                h.env(), h.compose(), h.secretFiles(), h.changes(), h.warnings()};
        f = change.apply(f);
        @SuppressWarnings("unchecked")
        HostChanges out = new HostChanges((String) f[0], (String) f[1], (String) f[2], (String) f[3], (String) f[4],
                (String) f[5], (List<HostChanges.ServiceChange>) f[6], (HostChanges.EnvChanges) f[7], (String) f[8],
                (HostChanges.SecretFiles) f[9], (Boolean) f[10], (List<String>) f[11]);
        return out;
    }

    static HostChanges set(HostChanges h, int field, Object value) {
        return with(h, f -> {
            f[field] = value;
            return f;
        });
    }

    @Test
    void theCanonicalTextIsOneQuotedLinePerDecisionSortedByNameAndTheFingerprintItsSha256() throws Exception {
        String text = PlanFingerprint.canonical("production", "deploy", List.of(host()));
        assertThat(text).isEqualTo("""
                inventiv-plan-fingerprint 1
                environment "production"
                kind "deploy"
                host "ubuntu" "vm1"
                docker "ok"
                replaces "886d78c1f29facf4"
                installs "2c41e0b7a9d3f815"
                service "api" "update" "%s" "%s"
                service "worker" "unchanged" "%s" "%s"
                env "changed"
                env-key "API_IMAGE" "changed"
                env-key "DB_PASSWORD" "changed"
                env-key "NEW_FLAG" "added"
                env-key "OLD_FLAG" "removed"
                compose "unchanged"
                secret-files "brought"
                secret-file "new.key" "added"
                secret-file "tls.key" "changed"
                """.formatted(API_OLD, API_NEW, WORKER, WORKER));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(fingerprint(host())).isEqualTo(sha).matches("[0-9a-f]{64}");
    }

    @Test
    void whatDiffersBetweenTwoPlansOfTheSameStateDoesNotCount() {
        String base = fingerprint(host());
        HostChanges h = host();
        assertThat(fingerprint(set(h, 5, "42"))).as("the running release's build").isEqualTo(base);
        assertThat(fingerprint(set(h, 11, List.of()))).as("warnings").isEqualTo(base);
        assertThat(fingerprint(set(h, 10, false))).as("the changes flag, derived from the rest").isEqualTo(base);
        assertThat(fingerprint(set(h, 7, new HostChanges.EnvChanges("changed", List.of("NEW_FLAG"), List.of("OLD_FLAG"),
                List.of("API_IMAGE", "DB_PASSWORD"), 9)))).as("key order and the unchanged count").isEqualTo(base);
        assertThat(fingerprint(set(h, 6, List.of(h.services().get(1), h.services().get(0))))).as("service order").isEqualTo(base);
        assertThat(fingerprint(set(h, 9, new HostChanges.SecretFiles(List.of("new.key"), List.of("tls.key"), 5))))
                .as("unchanged secret files").isEqualTo(base);
        assertThat(new ChangePlan.Result("production", "deploy", true, "other", Map.of(), true, List.of(h)).fingerprint())
                .as("the result carries it").isEqualTo(base);
    }

    @Test
    void everyDecisionMovesIt() {
        HostChanges h = host();
        String base = fingerprint(h);
        String otherDigest = "ghcr.io/o/app-api@sha256:" + "c".repeat(64);
        List<HostChanges> changed = List.of(
                set(h, 0, "vm2"), set(h, 1, "deploy"), set(h, 2, "unreachable"),
                set(h, 3, "ffffffffffffffff"), set(h, 4, "0000000000000000"), set(h, 4, null),
                set(h, 6, List.of(new HostChanges.ServiceChange("api", otherDigest, API_NEW, "update"), h.services().get(0))),
                set(h, 6, List.of(new HostChanges.ServiceChange("api", API_OLD, otherDigest, "update"), h.services().get(0))),
                set(h, 6, List.of(new HostChanges.ServiceChange("api", API_OLD, API_NEW, "update"),
                        new HostChanges.ServiceChange("worker", WORKER, WORKER, "start"))),
                set(h, 6, List.of(h.services().get(1))),
                set(h, 7, new HostChanges.EnvChanges("changed", List.of(), List.of("OLD_FLAG"),
                        List.of("DB_PASSWORD", "API_IMAGE", "NEW_FLAG"), 3)),
                set(h, 7, new HostChanges.EnvChanges("changed", List.of("NEW_FLAG"), List.of("OLD_FLAG"),
                        List.of("API_IMAGE"), 4)),
                set(h, 7, new HostChanges.EnvChanges("unknown", List.of(), List.of(), List.of(), 0)),
                set(h, 8, "changed"),
                set(h, 9, null),
                set(h, 9, new HostChanges.SecretFiles(List.of("new.key", "other.key"), List.of("tls.key"), 1)));
        for (HostChanges c : changed) {
            assertThat(fingerprint(c)).as(c.toString()).isNotEqualTo(base);
        }
        assertThat(PlanFingerprint.of("staging", "deploy", List.of(h))).isNotEqualTo(base);
        assertThat(PlanFingerprint.of("production", "rollback", List.of(h))).isNotEqualTo(base);
        assertThat(PlanFingerprint.of("production", "deploy", List.of(h, set(h, 0, "vm2")))).isNotEqualTo(base);
    }

    @Test
    void aValueCannotPassForTwo() {
        HostChanges h = host();
        assertThat(fingerprint(set(set(h, 0, "vm1\" \"x"), 1, "ubuntu")))
                .isNotEqualTo(fingerprint(set(set(h, 0, "x"), 1, "ubuntu\" \"vm1")));
        assertThat(PlanFingerprint.canonical("p\nkind \"x\"", "deploy", List.of())).contains("\"p\\u000akind \\\"x\\\"\"");
    }
}
