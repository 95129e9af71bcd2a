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

    static String line(String result, String id, String ref, String running) {
        return line(result, id, ref) + "\t" + running;
    }

    static String target(String... lines) {
        AuditEntry pick = AuditEntry.rollbackTarget(AuditEntry.parseAll(String.join("\n", lines)), null);
        return pick == null ? null : pick.releaseId();
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

    @Test
    void aFailureLeftRunningIsWhatRunsNowSoARollbackGoesToTheReleaseBeforeIt() {
        // rollback off: the health check failed after up, R3 stays; and a release whose files could not be saved.
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("ok", "2222222222222222", B, "new"),
                line("failed", "3333333333333333", C, "new"))).isEqualTo("2222222222222222");
        // A failed rollback left the failed release (partly) in place: back to the one before it, as the rollback tried.
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("ok", "2222222222222222", B, "new"),
                line("rollback-failed", "3333333333333333", C, "unknown"))).isEqualTo("2222222222222222");
        // Two failures left in place in a row: the newest saved release before what runs.
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("failed", "2222222222222222", B, "new"),
                line("failed", "3333333333333333", C, "new"))).isEqualTo("1111111111111111");
    }

    @Test
    void aFailureThatLeftThePreviousReleaseRunningChangesNothing() {
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("ok", "2222222222222222", B, "new"),
                line("failed", "3333333333333333", C, "previous"), line("rolled-back", "4444444444444444", C, "previous")))
                .isEqualTo("1111111111111111");
        assertThat(AuditEntry.parse(line("failed", "3333333333333333", C, "previous")).running()).isEqualTo("previous");
        assertThat(AuditEntry.parse(line("ok", "1111111111111111", A)).running()).as("a line from before the field").isNull();
    }

    @Test
    void aRollbackRunsItsReleaseSoTheNextRollbackGoesForwardAgain() {
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("ok", "2222222222222222", B, "new"),
                line("failed", "3333333333333333", C, "new"),
                line("ok", "2222222222222222", B, "new").replace("\tdeploy\t", "\trollback\t"))).isEqualTo("1111111111111111");
        assertThat(target(line("ok", "1111111111111111", A, "new"), line("ok", "2222222222222222", B, "new"),
                line("ok", "1111111111111111", A, "new").replace("\tdeploy\t", "\trollback\t"))).isEqualTo("2222222222222222");
    }
}
