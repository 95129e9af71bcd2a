package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/** check-migrations through the packaged jar on a real git repository. */
class CheckMigrationsIT {
    @TempDir
    Path root;

    @Test
    void exitCodesAndJsonFollowTheContract() throws Exception {
        GitRepo repo = GitRepo.init(root).write("sqlx-migrations/20240101000000_init.sql", "create table a(id int);\n");
        String deployed = repo.commit("deployed");

        Result clean = EngineProcess.run(null, null, root, "check-migrations", "--since", deployed);
        assertThat(clean.exitCode()).as(clean.stderr()).isZero();
        assertThat(clean.stdout()).contains("sqlx-migrations: 1 migrations, newest version 20240101000000");

        repo.write("sqlx-migrations/20240101000000_init.sql", "create table a(id bigint);\n").commit("edit deployed");
        repo.write("sqlx-migrations/20240201000000_wip.sql", "wip\n");
        Result bad = EngineProcess.run(null, null, root, "check-migrations", "--migrations-dir", "sqlx-migrations",
                "--since", deployed, "--json");
        assertThat(bad.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(bad.stdout());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("sinceCommit").asText()).isEqualTo(deployed);
        assertThat(json.get("problems").findValuesAsText("path")).containsExactlyInAnyOrder(
                "sqlx-migrations/20240201000000_wip.sql", "sqlx-migrations/20240101000000_init.sql");
        assertThat(bad.stderr()).as("the human report goes to the build log with --json")
                .contains("sqlx-migrations/20240201000000_wip.sql").contains("sqlx-migrations/20240101000000_init.sql");

        Result missing = EngineProcess.run(null, null, root, "check-migrations", "--migrations-dir", "migrations", "--json");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().strip().lines()).hasSize(1);
        assertThat(missing.stderr()).startsWith("check-migrations: --migrations-dir: migrations does not exist");
        assertThat(missing.stdout()).contains("\"exitCode\":2");
    }
}
