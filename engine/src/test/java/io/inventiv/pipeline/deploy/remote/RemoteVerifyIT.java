package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * What runs after {@code compose up -d}: the verification of the promoted digests (its failure
 * branch) and {@code --remove-orphans}, against the real sshd, dockerd, docker-compose v1 and registry.
 */
class RemoteVerifyIT {
    static RemoteFixture host;
    static String api1;
    static String api2;
    static String apiPinned;
    static String worker1;

    @BeforeAll
    static void start() {
        host = RemoteFixture.shared();
        api1 = host.image("app-api", "v1", "healthy");
        api2 = host.image("app-api", "v2", "healthy");
        apiPinned = host.image("app-api", "pinned", "healthy");
        worker1 = host.image("app-worker", "v1", "healthy");
    }

    static Result deploy(Setup s, Path target, String build, String api) {
        return host.remote("deploy", target, "--env-file", s.env().toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker1);
    }

    /**
     * Another target for the same project whose compose file (same name on the host, from the
     * local directory {@code variant}) holds {@code composeText}.
     */
    static Path targetWithCompose(Setup s, String variant, String composeText) throws Exception {
        Files.createDirectories(s.local().resolve(variant));
        Files.writeString(s.local().resolve(variant + "/docker-compose.yml"), composeText);
        Path target = s.local().resolve(variant + ".yml");
        Files.writeString(target, host.read(s.target())
                .replace("composeFile: docker-compose.yml", "composeFile: " + variant + "/docker-compose.yml"));
        return target;
    }

    @Test
    void aServiceNotRunningThePromotedDigestFailsTheDeployNamingBothDigestsAndRollsBack() throws Exception {
        Setup s = host.setup("verifyfail", "");
        Result first = deploy(s, s.target(), "v1", api1);
        assertThat(first.exitCode()).as(first.all()).isZero();
        Path env = s.project().resolve(".env");
        Path compose = s.project().resolve("docker-compose.yml");
        String envBefore = host.read(env);
        String composeBefore = host.read(compose);

        // The new compose file pins api to another image instead of reading API_IMAGE: up -d
        // succeeds, but api does not run the digest the release promotes.
        String original = host.read(s.local().resolve("docker-compose.yml"));
        Path pinned = targetWithCompose(s, "pinned", original.replace("image: ${API_IMAGE}", "image: " + apiPinned));
        Result bad = deploy(s, pinned, "v2", api2);

        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(bad.stdout());
        assertThat(json.get("result").asText()).isEqualTo("rolled-back");
        String error = "service api runs " + apiPinned + " (digests: " + apiPinned + "), not the promoted " + api2;
        assertThat(json.at("/hosts/0/errors").toString()).contains(error);
        assertThat(bad.stderr()).contains(error).contains("step rollback").contains("rolled back to the previous release");
        // worker did run its digest: only api is named.
        assertThat(json.at("/hosts/0/verified/0").asText()).isEqualTo("worker " + worker1);

        // The previous env and compose files are back and up -d ran again: api runs the old release.
        assertThat(host.read(env)).isEqualTo(envBefore);
        assertThat(host.read(compose)).isEqualTo(composeBefore).doesNotContain(apiPinned);
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
        assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::result).containsExactly("ok", "rolled-back");
        assertThat(s.project().resolve(".inventiv/lock")).doesNotExist();
    }

    @Test
    void aRollbackAfterTheComposeFileWasRenamedRunsTheComposeFileOfThePreviousRelease() throws Exception {
        Setup s = host.setup("renamed", "");
        Result first = deploy(s, s.target(), "r1", api1);
        assertThat(first.exitCode()).as(first.all()).isZero();
        String composeBefore = host.read(s.project().resolve("docker-compose.yml"));

        // The profile now names its compose file compose.yaml, and that file pins api elsewhere:
        // the verification fails, and the rollback must run what ran before, not the new file.
        String original = host.read(s.local().resolve("docker-compose.yml"));
        Files.createDirectories(s.local().resolve("renamed"));
        Files.writeString(s.local().resolve("renamed/compose.yaml"), original.replace("image: ${API_IMAGE}", "image: " + apiPinned));
        Path renamed = s.local().resolve("renamed.yml");
        Files.writeString(renamed, host.read(s.target())
                .replace("composeFile: docker-compose.yml", "composeFile: renamed/compose.yaml"));
        Result bad = deploy(s, renamed, "r2", api2);

        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(1);
        assertThat(bad.stderr()).contains("rolled back to the previous release");
        assertThat(host.read(s.project().resolve("compose.yaml"))).isEqualTo(composeBefore);
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
    }

    @Test
    void aServiceDroppedFromTheComposeFileIsRemovedAndServicesTheReleaseDoesNotOwnAreLeftAlone() throws Exception {
        Setup s = host.setup("orphans", "");
        String original = host.read(s.local().resolve("docker-compose.yml"));
        String sidecar = "  sidecar:\n    image: " + host.image("proxy", "p1", "healthy")
                + "\n    network_mode: none\n    stop_grace_period: 2s\n";
        Path withSidecar = targetWithCompose(s, "with-sidecar", original + sidecar);

        Result first = deploy(s, withSidecar, "o1", api1);
        assertThat(first.exitCode()).as(first.all()).isZero();
        String sidecarId = host.containerId(s.project(), "sidecar");
        String proxyId = host.containerId(s.project(), "proxy");
        assertThat(sidecarId).isNotEmpty();
        assertThat(proxyId).isNotEmpty();

        // Same images; the new compose file no longer has the sidecar.
        Result second = deploy(s, s.target(), "o2", api1);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(host.containerId(s.project(), "sidecar")).isEmpty();
        assertThat(host.images.docker(java.util.List.of("ps", "-aq", "--no-trunc", "--filter", "id=" + sidecarId)).strip())
                .as("the sidecar's container is removed, not just stopped").isEmpty();
        // proxy is in the compose file but not the release's: the very same container still runs.
        assertThat(host.containerId(s.project(), "proxy")).isEqualTo(proxyId);
        assertThat(host.images.docker(java.util.List.of("inspect", "-f", "{{.State.Running}}", proxyId)).strip()).isEqualTo("true");
        assertThat(host.imageOf(s.project(), "api")).isEqualTo(api1);
    }
}
