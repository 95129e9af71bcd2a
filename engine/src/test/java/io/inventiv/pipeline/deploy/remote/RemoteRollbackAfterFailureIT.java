package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * {@code rollback} without {@code --to} goes to the release the host ran before the one it runs
 * now, also when what runs now is a failed release left in place ({@code rollback: off}): real
 * sshd, dockerd, compose and registry on loopback.
 */
class RemoteRollbackAfterFailureIT {

    static JsonNode json(Result r) throws Exception {
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void aFailedReleaseLeftRunningIsRolledBackToTheReleaseBeforeItAndThePlanSaysSo() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api1 = host.image("app-api", "v1", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String sick = host.image("app-api", "sick", "unhealthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Setup s = host.setup("rbafterfailure", "rollback: \"off\"\n");

        Result r1 = deploy(host, s, "r1", api1, worker);
        assertThat(r1.exitCode()).as(r1.all()).isZero();
        Result r2 = deploy(host, s, "r2", api2, worker);
        assertThat(r2.exitCode()).as(r2.all()).isZero();
        String release2 = json(r2).get("releaseId").asText();
        assertThat(release2).isNotEqualTo(json(r1).get("releaseId").asText());

        Result r3 = deploy(host, s, "r3", sick, worker);
        assertThat(r3.exitCode()).as(r3.all()).isEqualTo(1);
        assertThat(json(r3).get("result").asText()).isEqualTo("failed");
        assertThat(json(r3).at("/hosts/0/running").asText()).isEqualTo("new");
        assertThat(host.imageOf(s.project(), "api")).as("rollback off leaves R3 running").isEqualTo(sick);

        Result plan = host.remote("rollback", s.target(), "--plan");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        JsonNode planned = json(plan).at("/hosts/0");
        assertThat(planned.get("releaseId").asText()).as("the release before the one running now").isEqualTo(release2);
        assertThat(plan.stderr()).contains("would go to release " + release2);

        Result back = host.remote("rollback", s.target(), "--build", "back");
        assertThat(back.exitCode()).as(back.all()).isZero();
        assertThat(json(back).get("releaseId").asText()).isEqualTo(release2);
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api2);
        assertThat(host.imageOf(s.project(), "worker")).isEqualTo(worker);
    }

    static Result deploy(RemoteFixture host, Setup s, String build, String api, String worker) {
        return host.remote("deploy", s.target(), "--env-file", s.env().toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker);
    }
}
