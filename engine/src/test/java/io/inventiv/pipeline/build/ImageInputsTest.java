package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/** The image set file, repositories, platforms and secrets the build is given, and how bad ones are refused. */
class ImageInputsTest {
    @TempDir
    Path dir;

    private Path app() throws IOException {
        Files.createDirectories(dir.resolve("docker"));
        Files.writeString(dir.resolve("docker/api.Dockerfile"), "FROM scratch\n");
        Files.createDirectories(dir.resolve("frontend"));
        Files.writeString(dir.resolve("frontend/Dockerfile"), "FROM scratch\n");
        return dir;
    }

    @Test
    void theImageSetNamesEachImageWithItsContextDockerfileAndTarget() throws IOException {
        Path set = app().resolve("images.yaml");
        Files.writeString(set, """
                images:
                  - name: api
                    context: .
                    dockerfile: docker/api.Dockerfile
                    target: runtime
                  - name: frontend
                    context: frontend
                  - name: worker
                    dockerfile: docker/api.Dockerfile
                    repository: ghcr.io/o/custom-worker
                """);
        List<ImageSpec> images = ImageSetFile.read(set, "ghcr.io/o/inventiv-agents");
        assertThat(images).extracting(ImageSpec::name).containsExactly("api", "frontend", "worker");
        assertThat(images.get(0).repository()).isEqualTo(new ImageRef("ghcr.io", "o/inventiv-agents-api", null, null));
        assertThat(images.get(0).dockerfile()).isEqualTo(dir.resolve("docker/api.Dockerfile").toAbsolutePath());
        assertThat(images.get(0).target()).isEqualTo("runtime");
        assertThat(images.get(1).context()).isEqualTo(dir.resolve("frontend").toAbsolutePath());
        assertThat(images.get(1).dockerfile()).isEqualTo(dir.resolve("frontend/Dockerfile").toAbsolutePath());
        assertThat(images.get(2).repository().name()).isEqualTo("ghcr.io/o/custom-worker");
    }

    @Test
    void aMisspelledKeyAMissingDockerfileOrNoRepositoryIsRefused() throws IOException {
        Path set = app().resolve("images.yaml");
        Files.writeString(set, "images:\n  - name: api\n    dockerfle: docker/api.Dockerfile\n");
        assertThatThrownBy(() -> ImageSetFile.read(set, "ghcr.io/o/x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("images[0].dockerfle: unknown key");
        Files.writeString(set, "images:\n  - name: api\n    dockerfile: docker/nope.Dockerfile\n");
        assertThatThrownBy(() -> ImageSetFile.read(set, "ghcr.io/o/x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("images[0].dockerfile").hasMessageContaining("does not exist");
        Files.writeString(set, "images:\n  - name: api\n    dockerfile: docker/api.Dockerfile\n");
        assertThatThrownBy(() -> ImageSetFile.read(set, null)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--repository-prefix: ");
        Files.writeString(set, "images:\n  - name: api\n    context: missing\n");
        assertThatThrownBy(() -> ImageSetFile.read(set, "ghcr.io/o/x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("images[0].context");
    }

    @Test
    void repositoriesFollowDockersGrammarAndCarryNoTag() {
        assertThat(ImageNames.repository("ghcr.io/o/agents-api", "--repository"))
                .isEqualTo(new ImageRef("ghcr.io", "o/agents-api", null, null));
        assertThat(ImageNames.repository("127.0.0.1:5000/app", "--repository").registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ImageNames.repository("alpine", "--repository")).isEqualTo(new ImageRef("docker.io", "library/alpine", null, null));
        assertThat(ImageNames.repository("localhost/app", "--repository").registry()).isEqualTo("localhost");
        for (String bad : List.of("ghcr.io/O/App", "ghcr.io/o/app:latest", "ghcr.io/o/app@sha256:abc", "ghcr.io/o//app",
                "ghcr.io/o/-app", "", "ghcr.io/")) {
            assertThatThrownBy(() -> ImageNames.repository(bad, "--repository")).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--repository: ");
        }
        assertThatThrownBy(() -> ImageNames.repository("ghcr.io/o/App", "--repository")).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> ImageNames.repository("ghcr.io/o/app:latest", "--repository"))
                .hasMessageContaining("names a tag or digest");
    }

    @Test
    void platformsAreCheckedAgainstWhatBuildKitCanBuild() {
        assertThat(Platforms.parse(List.of("linux/arm64,linux/amd64", "linux/arm64/v8")))
                .containsExactly(new Platform("linux", "arm64", null), new Platform("linux", "amd64", null));
        assertThat(Platforms.parse(List.of("linux/arm/v7")).get(0).variant()).isEqualTo("v7");
        assertThatThrownBy(() -> Platforms.parse(List.of("linux/arm65"))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--platform: unknown platform 'linux/arm65'");
        assertThatThrownBy(() -> Platforms.parse(List.of(" , "))).isInstanceOf(UsageException.class);
    }

    @Test
    void aSecretComesFromTheEnvironmentAndMustBeSet() {
        assertThat(BuildSecret.parse("npm=NPM_TOKEN", Map.of("NPM_TOKEN", "s3cr3t-value")).argument())
                .isEqualTo("id=npm,env=NPM_TOKEN");
        assertThat(io.inventiv.pipeline.exec.Redactor.global().scrub("x s3cr3t-value y")).isEqualTo("x **** y");
        assertThat(BuildSecret.parse("TOKEN", Map.of("TOKEN", "abcd1234")).argument()).isEqualTo("id=TOKEN,env=TOKEN");
        assertThatThrownBy(() -> BuildSecret.parse("npm=NPM_TOKEN", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("NPM_TOKEN is not set");
        assertThatThrownBy(() -> BuildSecret.parse("id=a,src=/etc/passwd", Map.of())).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--secret: ").hasMessageContaining("not 'src=/etc/passwd'")
                .hasMessageContaining("--secret id=npm,env=NPM_TOKEN");
    }

    @Test
    void dockersOwnSecretSpellingIsAcceptedAsTheIssueWritesIt() {
        Map<String, String> env = Map.of("NPM_TOKEN", "tok-1234567", "npm", "tok-7654321");
        assertThat(BuildSecret.parse("id=npm,env=NPM_TOKEN", env)).isEqualTo(new BuildSecret("npm", "NPM_TOKEN"));
        assertThat(BuildSecret.parse("env=NPM_TOKEN,id=npm", env)).isEqualTo(new BuildSecret("npm", "NPM_TOKEN"));
        assertThat(BuildSecret.parse("id=npm", env)).isEqualTo(new BuildSecret("npm", "npm"));
        assertThatThrownBy(() -> BuildSecret.parse("id=npm,env=", env)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--secret: ");
        assertThatThrownBy(() -> BuildSecret.parse("id=npm,type=file", env)).isInstanceOf(UsageException.class)
                .hasMessageContaining("only id= and env= are supported");
        assertThatThrownBy(() -> BuildSecret.parse("env=NPM_TOKEN", env)).isInstanceOf(UsageException.class)
                .hasMessageContaining("has no id=");
    }
}
