package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.deploy.remote.ChangePlan;
import io.inventiv.pipeline.deploy.remote.HostChanges;
import io.inventiv.pipeline.deploy.remote.HostChanges.EnvChanges;
import io.inventiv.pipeline.deploy.remote.HostChanges.SecretFiles;
import io.inventiv.pipeline.deploy.remote.HostChanges.ServiceChange;

/** The plan as the production approver reads it: one line per host, service, env file, compose file. */
class PlanTextTest {
    static final String API = "ghcr.io/o/app-api@sha256:";
    static final String WORKER = "ghcr.io/o/app-worker@sha256:";

    static String d(String repo, char c) {
        return repo + String.valueOf(c).repeat(64);
    }

    @Test
    void aPlanReadsAsOneShortLinePerThing() {
        HostChanges vm1 = new HostChanges("vm1", "ubuntu", "ok", "2c41e0b7a9d3f815", "886d78c1f29facf4", "41",
                List.of(new ServiceChange("api", d(API, '1'), d(API, '2'), "update"),
                        new ServiceChange("worker", d(WORKER, '3'), d(WORKER, '3'), "unchanged")),
                new EnvChanges("changed", List.of("NEW_FLAG"), List.of("OLD_FLAG"), List.of("DB_PASSWORD", "API_IMAGE"), 3),
                "unchanged", new SecretFiles(List.of(), List.of("tls.key"), 1), true, List.of());
        HostChanges vm2 = new HostChanges("vm2", "ubuntu", "ok", "2c41e0b7a9d3f815", null, null,
                List.of(new ServiceChange("api", null, d(API, '2'), "new"),
                        new ServiceChange("worker", "other/repo@sha256:" + "4".repeat(64), d(WORKER, '3'), "update")),
                new EnvChanges("new", List.of("API_IMAGE", "WORKER_IMAGE"), List.of(), List.of(), 0), "new", null, true,
                List.of());
        ChangePlan.Result r = new ChangePlan.Result("production", "deploy", true, "2c41e0b7a9d3f815",
                Map.of(), true, List.of(vm1, vm2));

        assertThat(PlanText.render(r)).isEqualTo("""
                deploy plan for production, release 2c41e0b7a9d3f815: changes on 2 of 2 hosts (nothing was changed)
                ubuntu@vm1, running release 886d78c1f29facf4 (build 41)
                  api:    sha256:111111111111 -> sha256:222222222222
                  worker: sha256:333333333333 (unchanged)
                  env file: changed DB_PASSWORD, API_IMAGE; added NEW_FLAG; removed OLD_FLAG
                  compose file: unchanged
                  secret files: changed tls.key
                ubuntu@vm2, nothing deployed yet
                  api:    new, sha256:222222222222
                  worker: other/repo@sha256:444444444444 -> sha256:333333333333
                  env file: new, keys API_IMAGE, WORKER_IMAGE
                  compose file: new""");
    }

    @Test
    void aHostWithNothingToChangeSaysSo() {
        HostChanges same = new HostChanges("vm1", "ubuntu", "ok", "2c41e0b7a9d3f815", "2c41e0b7a9d3f815", "42",
                List.of(new ServiceChange("api", d(API, '2'), d(API, '2'), "unchanged")),
                new EnvChanges("unchanged", List.of(), List.of(), List.of(), 4), "unchanged", null, false, List.of());
        ChangePlan.Result r = new ChangePlan.Result("staging", "deploy", true, "2c41e0b7a9d3f815", Map.of(), false,
                List.of(same));
        assertThat(PlanText.render(r)).startsWith("deploy plan for staging, release 2c41e0b7a9d3f815: no change")
                .contains("ubuntu@vm1, running release 2c41e0b7a9d3f815 (build 42): no change")
                .contains("env file: unchanged");
    }
}
