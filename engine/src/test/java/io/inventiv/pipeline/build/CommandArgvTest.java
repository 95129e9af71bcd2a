package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/** The docker argv builders, compared as lists: no shell syntax, no secret values. */
class CommandArgvTest {
    private static final ImageSpec API = new ImageSpec("api", new ImageRef("ghcr.io", "o/agents-api", null, null),
            Path.of("/src"), Path.of("/src/docker/api.Dockerfile"), "runtime");
    private static final Platform ARM64 = new Platform("linux", "arm64", null);
    private static final Platform AMD64 = new Platform("linux", "amd64", null);
    private static final BuildxBuilder CONTAINER = new BuildxBuilder("inventiv", "docker-container");

    private static BuildRequest request(List<Platform> platforms, boolean push, boolean cacheTo, boolean provenance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", "0123456789ab0123456789ab0123456789ab0123");
        labels.put("org.opencontainers.image.created", "2026-01-02T03:04:05Z");
        return new BuildRequest(List.of(API), platforms, List.of("0123456789ab", "v1.2.3"), labels,
                List.of("RUST_LOG=info"), List.of(new BuildSecret("npm", "NPM_TOKEN")), null, push, true, cacheTo,
                "buildcache", provenance, false, "inventiv", 1767323045L);
    }

    @Test
    void buildxOnMainPushesBothPlatformsAndWritesTheRegistryCache() {
        List<String> argv = new BuildxCommand("docker").build(request(List.of(ARM64, AMD64), true, true, false), API,
                Path.of("/tmp/m.json"), CONTAINER);
        assertThat(argv).containsExactly("docker", "buildx", "build", "--builder", "inventiv",
                "--platform", "linux/arm64,linux/amd64", "--file", "/src/docker/api.Dockerfile", "--target", "runtime",
                "--tag", "ghcr.io/o/agents-api:0123456789ab", "--tag", "ghcr.io/o/agents-api:v1.2.3",
                "--label", "org.opencontainers.image.revision=0123456789ab0123456789ab0123456789ab0123",
                "--label", "org.opencontainers.image.created=2026-01-02T03:04:05Z",
                "--build-arg", "RUST_LOG=info", "--secret", "id=npm,env=NPM_TOKEN",
                "--cache-from", "type=registry,ref=ghcr.io/o/agents-api:buildcache",
                "--cache-to", "type=registry,ref=ghcr.io/o/agents-api:buildcache,mode=max",
                "--provenance=false", "--sbom=false", "--metadata-file", "/tmp/m.json", "--push", "--progress=plain",
                "/src");
    }

    @Test
    void buildxOffMainReadsTheCacheOnlyAndLoadsLocally() {
        List<String> argv = new BuildxCommand("docker").build(request(List.of(ARM64), false, false, true), API,
                Path.of("/tmp/m.json"), CONTAINER);
        assertThat(argv).contains("--cache-from", "type=registry,ref=ghcr.io/o/agents-api:buildcache")
                .doesNotContain("--cache-to", "--push")
                .contains("--load", "--provenance=true", "--sbom=false");
    }

    @Test
    void builderIsInspectedThenCreatedAsADockerContainerBuilderWithoutBecomingTheDefault() {
        BuildxCommand buildx = new BuildxCommand("/usr/bin/docker");
        assertThat(buildx.version()).containsExactly("/usr/bin/docker", "buildx", "version");
        assertThat(buildx.inspectBuilder("inventiv")).containsExactly("/usr/bin/docker", "buildx", "inspect", "inventiv");
        assertThat(buildx.createBuilder("inventiv")).containsExactly("/usr/bin/docker", "buildx", "create",
                "--name", "inventiv", "--driver", "docker-container").doesNotContain("--use");
        assertThat(buildx.bootstrapBuilder("inventiv")).containsExactly("/usr/bin/docker", "buildx", "inspect",
                "inventiv", "--bootstrap");
        assertThat(buildx.currentContext()).containsExactly("/usr/bin/docker", "context", "inspect", "--format",
                "{{.Name}}");
    }

    @Test
    void onTheDockerDriverBuilderTheMainBuildReadsTheCacheButDoesNotAskToWriteIt() {
        List<String> argv = new BuildxCommand("docker").build(request(List.of(ARM64), true, true, false), API,
                Path.of("/tmp/m.json"), new BuildxBuilder("default", "docker"));
        assertThat(argv).containsSequence("--builder", "default")
                .containsSequence("--cache-from", "type=registry,ref=ghcr.io/o/agents-api:buildcache")
                .doesNotContain("--cache-to").containsSequence("--metadata-file", "/tmp/m.json").contains("--push");
    }

    @Test
    void theDriverIsReadFromBuildxInspectAndTheOptionTakesDockersOwnNames() {
        String inspect = """
                Name:          default
                Driver:        docker

                Nodes:
                Name:             default
                """;
        assertThat(BuildxBuilderChoice.driverOf(inspect, "x")).isEqualTo("docker");
        assertThat(BuildxBuilderChoice.driverOf("Name: inventiv\n", "docker-container")).isEqualTo("docker-container");
        assertThat(new BuildxBuilder("default", "docker").limited()).isTrue();
        assertThat(CONTAINER.limited()).isFalse();
        assertThat(BuildxDriver.parse("docker-container", "--buildx-driver")).isEqualTo(BuildxDriver.DOCKER_CONTAINER);
        assertThat(BuildxDriver.AUTO.cliName()).isEqualTo("auto");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildxDriver.parse("kubernetes", "--buildx-driver"))
                .isInstanceOf(io.inventiv.pipeline.UsageException.class).hasMessageContaining("--buildx-driver")
                .hasMessageContaining("docker-container");
    }

    @Test
    void buildkitFallbackBuildsOnePlatformThenPushesEachTag() {
        BuildkitCommand cmds = new BuildkitCommand("/usr/bin/docker");
        assertThat(cmds.build(request(List.of(ARM64), true, true, false), API)).containsExactly("/usr/bin/docker",
                "build", "--platform", "linux/arm64", "--file", "/src/docker/api.Dockerfile", "--target", "runtime",
                "--tag", "ghcr.io/o/agents-api:0123456789ab", "--tag", "ghcr.io/o/agents-api:v1.2.3",
                "--label", "org.opencontainers.image.revision=0123456789ab0123456789ab0123456789ab0123",
                "--label", "org.opencontainers.image.created=2026-01-02T03:04:05Z",
                "--build-arg", "RUST_LOG=info", "--secret", "id=npm,env=NPM_TOKEN", "--progress=plain", "/src");
        assertThat(cmds.push("ghcr.io/o/agents-api:v1.2.3"))
                .containsExactly("/usr/bin/docker", "push", "ghcr.io/o/agents-api:v1.2.3");
        assertThat(BuildkitCommand.ENV).containsEntry("DOCKER_BUILDKIT", "1");
    }
}
