package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;

/** What a deploy sends to the host, and what it refuses before connecting. */
class DeployPlanTest {
    static final String API = "ghcr.io/o/app-api@sha256:" + "a".repeat(64);
    static final String WORKER = "ghcr.io/o/app-worker@sha256:" + "b".repeat(64);

    static DeployTarget target(String remoteDir) {
        return new DeployTarget("staging", List.of("vm1"), 22, List.of("ubuntu"), null, remoteDir, "/opt/app/secrets",
                Path.of("deploy/docker-compose.yml"), Map.of("api", "ghcr.io/o/app-api", "worker", "ghcr.io/o/app-worker"),
                Map.of("api", "API_IMAGE", "worker", "WORKER_IMAGE"), null, null, "https://api.example.com/health",
                true, 3, Map.of("lockWait", Duration.ofMinutes(10)), List.of());
    }

    static Release release(String api, String worker) {
        return new Release(Map.of("api", Release.parseImage("api", api), "worker", Release.parseImage("worker", worker)));
    }

    @Test
    void theReleaseIdDependsOnImagesAndFilesOnlyAndTheRunIdNamesTheKind() {
        DeployPlan a = DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "X=1\n", "services: {}\n", Map.of(), "b1", null, null);
        DeployPlan b = DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "X=1\n", "services: {}\n", Map.of(), "b2", null, null);
        DeployPlan c = DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "X=2\n", "services: {}\n", Map.of(), "b1", null, null);
        assertThat(a.releaseId()).isEqualTo(b.releaseId()).isNotEqualTo(c.releaseId()).matches("[0-9a-f]{16}");
        assertThat(a.runId()).isEqualTo("deploy-" + a.releaseId());
        assertThat(a.params()).containsEntry("LOCK_WAIT", "600").containsEntry("ROLLBACK_AUTO", "1")
                .containsEntry("SERVICES", "api worker").containsEntry("COMPOSE_NAME", "docker-compose.yml");
    }

    @Test
    void theLockLeaseIsTheLeaseTimeoutThirtySecondsByDefaultAndAtLeastTwo() {
        DeployPlan byDefault = DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "", "", Map.of(), "b", null, null);
        assertThat(byDefault.params()).containsEntry("LEASE_SECONDS", "30");
        DeployPlan shortLease = DeployPlan.deploy(withTimeouts(Map.of("lease", Duration.ofSeconds(3))), release(API, WORKER),
                "", "", Map.of(), "b", null, null);
        assertThat(shortLease.params()).containsEntry("LEASE_SECONDS", "3");
        assertThatThrownBy(() -> DeployPlan.deploy(withTimeouts(Map.of("lease", Duration.ofSeconds(1))), release(API, WORKER),
                "", "", Map.of(), "b", null, null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("timeouts.lease:").hasMessageContaining("at least 2s");
    }

    static DeployTarget withTimeouts(Map<String, Duration> timeouts) {
        DeployTarget t = target("/opt/app");
        return new DeployTarget(t.environment(), t.hosts(), t.port(), t.userCandidates(), t.hostKey(), t.remoteDir(),
                t.secretsDir(), t.composeFile(), t.releaseServices(), t.imageEnvKeys(), t.preDeployHook(), t.certHook(),
                t.healthCheck(), t.rollbackAuto(), t.keepReleases(), timeouts, t.bootstrapPackages());
    }

    @Test
    void thePullTokenTravelsOnlyInsideTheUploadNeverInTheParameters() {
        DeployPlan p = DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "", "", Map.of(), "b", null,
                new DeployPlan.RegistryLogin("ghcr.io", "bot", "tok-secret-123"));
        assertThat(p.params().values()).noneMatch(v -> v.contains("tok-secret-123"));
        assertThat(new String(p.upload(), java.nio.charset.StandardCharsets.UTF_8)).contains("registry-password").contains("tok-secret-123");
        assertThat(new DeployPlan.RegistryLogin("ghcr.io", "bot", "tok-secret-123").toString()).doesNotContain("tok-secret-123");
    }

    @Test
    void badFieldsAreRefusedByName() {
        assertThatThrownBy(() -> DeployPlan.deploy(target("/opt/$(reboot)"), release(API, WORKER), "", "", Map.of(), "b", null, null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("remoteDir:");
        assertThatThrownBy(() -> DeployPlan.deploy(target("relative/dir"), release(API, WORKER), "", "", Map.of(), "b", null, null))
                .hasMessageStartingWith("remoteDir:");
        assertThatThrownBy(() -> DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "", "", Map.of(), "a\nb", null, null))
                .hasMessageStartingWith("--build:");
        assertThatThrownBy(() -> DeployPlan.deploy(target("/opt/app"), release(API, "ghcr.io/o/other@sha256:" + "b".repeat(64)),
                "", "", Map.of(), "b", null, null)).hasMessageStartingWith("--release worker:");
        assertThatThrownBy(() -> DeployPlan.deploy(target("/opt/app"), release(API, WORKER), "", "",
                Map.of("../escape", new byte[1]), "b", null, null)).hasMessageStartingWith("--secrets-dir file:");
        assertThatThrownBy(() -> Release.parseImage("--image api", "ghcr.io/o/app-api:latest"))
                .hasMessageContaining("REPOSITORY@sha256");
        assertThatThrownBy(() -> Release.parseAssignment("--image", "a;b=" + API)).hasMessageStartingWith("--image:");
    }

    @Test
    void imageLinesReplaceTheirKeysAndKeepEverythingElse() {
        Release r = release(API, WORKER);
        String merged = ImageEnv.merge("# comment\nGREETING='x=y'\nAPI_IMAGE=old\n", Map.of("api", "API_IMAGE"), r);
        assertThat(merged).isEqualTo("# comment\nGREETING='x=y'\nAPI_IMAGE=" + API + "\nWORKER_IMAGE=" + WORKER + "\n");
    }
}
