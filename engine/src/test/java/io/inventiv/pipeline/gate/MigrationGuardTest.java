package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.Redactor;
import io.inventiv.pipeline.gate.MigrationGuard.Problem;
import io.inventiv.pipeline.gate.MigrationGuard.Report;

/** check-migrations on real git repositories. */
class MigrationGuardTest {
    private static final String DIR = "sqlx-migrations";

    @TempDir
    Path root;

    private GitRepo repo;
    private String deployed;
    private final MigrationGuard guard = new MigrationGuard(new CommandRunner(new Redactor()));

    @BeforeEach
    void deployedRepository() {
        repo = GitRepo.init(root)
                .write("README.md", "app\n")
                .write(DIR + "/20240101000000_init.sql", "create table a(id int);\n")
                .write(DIR + "/20240201000000_users.up.sql", "create table users(id int);\n")
                .write(DIR + "/20240201000000_users.down.sql", "drop table users;\n");
        deployed = repo.commit("deployed");
    }

    private Report check(String since) {
        return guard.check(root.resolve(DIR), since);
    }

    @Test
    void cleanCommittedMigrationsPassWithACountAndTheNewestVersion() {
        Report r = check(null);
        assertThat(r.ok()).isTrue();
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.newest()).isEqualTo(20240201000000L);
    }

    @Test
    void appendingANewerMigrationAfterTheDeployedRevisionPasses() {
        repo.write(DIR + "/20240301000000_orders.sql", "create table orders(id int);\n").commit("orders");
        repo.write("README.md", "changed, but not a migration\n").commit("docs");

        Report r = check(deployed);
        assertThat(r.ok()).as(r.problems().toString()).isTrue();
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.sinceCommit()).isEqualTo(deployed);
    }

    @Test
    void untrackedModifiedAndStagedMigrationsAreListed() throws Exception {
        repo.write(DIR + "/20240301000000_new.sql", "x\n");
        repo.write(DIR + "/20240101000000_init.sql", "create table a(id bigint);\n");
        repo.write(DIR + "/20240401000000_staged.sql", "y\n");
        repo.git("add", DIR + "/20240401000000_staged.sql");
        repo.delete(DIR + "/20240201000000_users.down.sql");

        Report r = check(null);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(Problem::path, Problem::problem).containsExactlyInAnyOrder(
                tuple(DIR + "/20240101000000_init.sql", "modified but not committed"),
                tuple(DIR + "/20240201000000_users.down.sql", "deleted but not committed"),
                tuple(DIR + "/20240401000000_staged.sql", "staged but not committed"),
                tuple(DIR + "/20240301000000_new.sql", "untracked: commit it or remove it"));
    }

    @Test
    void anIgnoredMigrationFileCountsBecauseSqlxStillReadsIt() {
        repo.write(".gitignore", "*.local.sql\nnotes.txt\n").commit("ignore");
        repo.write(DIR + "/20240301000000_scratch.local.sql", "x\n").write(DIR + "/notes.txt", "todo\n");

        Report r = check(null);
        assertThat(r.problems()).extracting(Problem::path).containsExactly(DIR + "/20240301000000_scratch.local.sql");
    }

    @Test
    void changingOrDeletingADeployedMigrationIsRefused() {
        repo.write(DIR + "/20240101000000_init.sql", "create table a(id bigint);\n")
                .delete(DIR + "/20240201000000_users.down.sql");
        repo.commit("rewrite history");

        Report r = check(deployed);
        assertThat(r.problems()).extracting(Problem::path, Problem::problem).containsExactly(
                tuple(DIR + "/20240101000000_init.sql", "changed since " + deployed + " (deployed migrations are append-only)"),
                tuple(DIR + "/20240201000000_users.down.sql", "deleted since " + deployed + " (deployed migrations are append-only)"));
    }

    @Test
    void renamingADeployedMigrationIsADeletionAndANewOutOfOrderOne() {
        repo.git("mv", DIR + "/20240101000000_init.sql", DIR + "/20240101000000_initial.sql");
        repo.commit("rename");

        Report r = check(deployed);
        assertThat(r.problems()).extracting(Problem::path).containsExactly(
                DIR + "/20240101000000_init.sql", DIR + "/20240101000000_initial.sql");
    }

    @Test
    void aNewMigrationSortingBeforeTheNewestDeployedOneIsRefused() {
        repo.write(DIR + "/20240115000000_backfill.sql", "update a set id = 1;\n").commit("late branch merged");

        Report r = check(deployed);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(DIR + "/20240115000000_backfill.sql");
            assertThat(p.problem()).contains("does not sort after the newest deployed migration 20240201000000_users");
        });
    }

    @Test
    void twoMigrationsSharingATimestampAreRefusedButAnUpDownPairIsNot() {
        repo.write(DIR + "/20240301000000_orders.sql", "a\n").write(DIR + "/20240301000000_invoices.sql", "b\n")
                .commit("two at once");

        Report r = check(null);
        assertThat(r.problems()).extracting(Problem::path, Problem::problem).containsExactly(
                tuple(DIR + "/20240301000000_invoices.sql",
                        "shares version 20240301000000 with 20240301000000_orders.sql; give each migration its own timestamp"));
    }

    @Test
    void versionsAreComparedAsNumbersLikeSqlxDoes() {
        repo.write(DIR + "/1_a.sql", "a\n").write(DIR + "/0001_b.sql", "b\n").commit("same version 1");

        assertThat(check(null).problems()).extracting(Problem::problem)
                .containsExactly("shares version 1 with 1_a.sql; give each migration its own timestamp");
    }

    @Test
    void aMigrationNameWithoutAnIntegerVersionIsReported() {
        repo.write(DIR + "/v2_oops.sql", "a\n").commit("bad name");

        assertThat(check(null).problems()).extracting(Problem::path).containsExactly(DIR + "/v2_oops.sql");
    }

    @Test
    void badInputIsAUsageErrorNamingTheField() throws Exception {
        assertThatThrownBy(() -> guard.check(root.resolve("nope"), null)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--migrations-dir: " + root.resolve("nope") + " does not exist");
        assertThatThrownBy(() -> check("0123456789abcdef0123456789abcdef01234567")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--since: '0123456789abcdef0123456789abcdef01234567' is not a commit");
        assertThatThrownBy(() -> check("--output=x")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--since: '--output=x' is not a revision");
        Path outside = Files.createTempDirectory("not-a-repo");
        try {
            assertThatThrownBy(() -> guard.check(outside, null)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("is not inside a usable git working tree (not a git repository");
        } finally {
            Files.delete(outside);
        }
    }
}
