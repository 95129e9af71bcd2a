package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Picking the release a rollback goes back to, from the host's audit log. */
class AuditEntryTest {
    static final String A = "r/api@sha256:" + "a".repeat(64);
    static final String B = "r/api@sha256:" + "b".repeat(64);
    static final String C = "r/api@sha256:" + "c".repeat(64);

    static String line(String result, String id, String ref) {
        return "2026-01-01T00:00:00Z\tdeploy\t" + result + "\t" + id + "\tbuild\troot\tstaging\tapi=" + ref;
    }

    final List<AuditEntry> log = AuditEntry.parseAll(String.join("\n",
            line("ok", "1111111111111111", A),
            line("ok", "2222222222222222", B),
            line("rolled-back", "3333333333333333", C),
            line("ok", "2222222222222222", B)));

    @Test
    void withoutADigestTheLatestSuccessfulReleaseBeforeTheCurrentOneIsChosen() {
        assertThat(AuditEntry.rollbackTarget(log, null).releaseId()).isEqualTo("1111111111111111");
        assertThat(AuditEntry.rollbackTarget(log, null).release().services().get("api").reference()).isEqualTo(A);
    }

    @Test
    void aDigestPicksTheLatestSuccessfulReleaseRunningItAndNeverAFailedOne() {
        assertThat(AuditEntry.rollbackTarget(log, "sha256:" + "b".repeat(64)).releaseId()).isEqualTo("2222222222222222");
        assertThat(AuditEntry.rollbackTarget(log, "sha256:" + "c".repeat(64))).isNull();
    }

    @Test
    void aLogWithOneReleaseHasNothingToRollBackTo() {
        assertThat(AuditEntry.rollbackTarget(AuditEntry.parseAll(line("ok", "1111111111111111", A)), null)).isNull();
        assertThat(AuditEntry.parseAll("garbage\n\n")).isEmpty();
    }
}
