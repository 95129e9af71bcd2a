package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.cli.CliJsonTable;
import io.inventiv.pipeline.testsupport.DockerDaemon;
import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * The JSON fields of a successful build and push (BuildKit path, the test dockerd, a TLS +
 * basic-auth registry, as BuildkitPushIT runs them): top-level fields pinned to docs/cli.md's
 * table, each image's fields to the {@code images[].NAME} rows of docs/build.md.
 */
class BuildJsonFieldsIT {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RegistryServer registry;
    private static Path trustDir;
    private static Path work;
    private static Path repo;

    @BeforeAll
    static void startServices() throws IOException {
        DockerDaemon.shared();
        registry = RegistryServer.startTls(USER, PASSWORD);
        trustDir = Arm64ImageFixture.trustRegistry(registry);
        work = Files.createTempDirectory("build-fields-it-");
        repo = Arm64ImageFixture.checkout(work.resolve("app"));
    }

    @AfterAll
    static void stopServices() {
        if (registry != null) {
            registry.close();
        }
        Processes.deleteTree(trustDir);
        Processes.deleteTree(work);
    }

    private static Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>(DockerDaemon.shared().env());
        env.put("DOCKER_CONFIG", Files.createDirectories(work.resolve("docker-config")).toString());
        env.put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        env.put("INVENTIV_DOCKER", "/usr/bin/docker");
        env.put("REGISTRY_USERNAME", USER);
        env.put("REGISTRY_PASSWORD", PASSWORD);
        // The fixture's Dockerfile mounts this BuildKit secret in its RUN step.
        env.put("BUILD_TOKEN", "build-secret-" + UUID.randomUUID());
        for (String v : List.of("GIT_COMMIT", "CHANGE_ID", "ghprbPullId", "GITHUB_PR_NUMBER", "TAG_NAME",
                "BRANCH_NAME", "GIT_BRANCH", "SOURCE_DATE_EPOCH", "GIT_URL", "IMAGE_REPO")) {
            env.put(v, "");
        }
        return env;
    }

    /** The `images[].NAME` rows of docs/build.md's field table. */
    private static Set<String> documentedImageFields() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `images\\[\\]\\.(\\w+)` \\|", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("docs/build.md")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode succeed(String... args) throws Exception {
        EngineProcess.Result r = EngineProcess.run(env(), null, repo, args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip().lines()).as(r.stdout()).hasSize(1);
        return JSON.readTree(r.stdout());
    }

    @Test
    void buildAndPushHaveTheDocumentedFields() throws Exception {
        Map<String, CliJsonTable.Shape> documented = CliJsonTable.read(Path.of("docs/cli.md"));
        Set<String> imageFields = documentedImageFields();
        assertThat(imageFields).containsExactlyInAnyOrder("name", "image", "digest", "tags", "platforms");
        String image = registry.host() + "/inventiv/fields-api";

        JsonNode built = succeed("build", "--json", "--repository", image, "--context", repo.toString(),
                "--network", "none", "--secret", "token=BUILD_TOKEN");
        CliJsonTable.assertDocumented(documented, "build", built);
        assertThat(CliJsonTable.fields(built.get("images").get(0))).isEqualTo(imageFields);

        JsonNode pushed = succeed("push", "--json", "--repository", image, "--context", repo.toString(),
                "--ca-file", registry.caCert().toString());
        CliJsonTable.assertDocumented(documented, "push", pushed);
        assertThat(pushed.get("verified").asBoolean()).isTrue();
        assertThat(CliJsonTable.fields(pushed.get("images").get(0))).isEqualTo(imageFields);
    }
}
