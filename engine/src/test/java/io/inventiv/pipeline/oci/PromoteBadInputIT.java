package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/** Every bad input: exit 2, one line naming the field, no stack trace, and nothing written. */
class PromoteBadInputIT {
    private static RegistryServer registry;
    private static String host;
    private static String digest;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
        host = registry.host();
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/arm64");
        digest = OciImages.topDigest(layout);
        OciImages.push(layout, host + "/team/api:build1");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static Stream<Arguments> badInputs() {
        String src = "127.0.0.1:PORT/team/api@DIGEST";
        return Stream.of(
                Arguments.of("uppercase repository", "--source", List.of("promote", "--source", "127.0.0.1:PORT/Team/api:1", "--tag", "staging"), Map.of()),
                Arguments.of("short digest", "--source", List.of("promote", "--source", "127.0.0.1:PORT/team/api@sha256:abc", "--tag", "staging"), Map.of()),
                Arguments.of("unsupported digest", "--source", List.of("promote", "--source", "127.0.0.1:PORT/team/api@md5:" + "a".repeat(64), "--tag", "staging"), Map.of()),
                Arguments.of("neither tag nor digest", "--source", List.of("promote", "--source", "127.0.0.1:PORT/team/api", "--tag", "staging"), Map.of()),
                Arguments.of("malformed tag", "--tag", List.of("promote", "--source", src, "--tag", ".staging"), Map.of()),
                Arguments.of("tag with a slash", "--tag", List.of("promote", "--source", src, "--tag", "a/b"), Map.of()),
                Arguments.of("missing tag", "--tag", List.of("promote", "--source", src), Map.of()),
                Arguments.of("missing source", "--source", List.of("promote", "--tag", "staging"), Map.of()),
                Arguments.of("malformed platform", "--require-platform", List.of("promote", "--source", src, "--tag", "staging", "--require-platform", "linux"), Map.of()),
                Arguments.of("target repo with a tag", "--target-repo", List.of("promote", "--source", src, "--tag", "staging", "--target-repo", "127.0.0.1:PORT/team/x:1"), Map.of()),
                Arguments.of("target repo count", "--target-repo", List.of("promote", "--source", src, "--tag", "staging", "--target-repo", "127.0.0.1:PORT/a", "--target-repo", "127.0.0.1:PORT/b"), Map.of()),
                Arguments.of("target repo on another registry", "--target-repo", List.of("promote", "--source", src, "--tag", "staging", "--target-repo", "other.example:5000/team/api"), Map.of()),
                Arguments.of("same tag twice", "--tag", List.of("promote", "--source", src, "--source", src, "--tag", "staging"), Map.of()),
                Arguments.of("missing ca file", "--ca-file", List.of("promote", "--source", src, "--tag", "staging", "--ca-file", "/nonexistent/ca.pem"), Map.of()),
                Arguments.of("zero timeout", "--timeout", List.of("promote", "--source", src, "--tag", "staging", "--timeout", "0s"), Map.of()),
                Arguments.of("timeout in bare seconds", "--timeout", List.of("promote", "--source", src, "--tag", "staging", "--timeout", "120"), Map.of()),
                Arguments.of("timeout over the bound", "--timeout", List.of("promote", "--source", src, "--tag", "staging", "--timeout", "9999999999999999s"), Map.of()),
                Arguments.of("digest timeout over the bound", "--timeout", List.of("digest", src, "--timeout", "25h"), Map.of()),
                Arguments.of("insecure registry port out of range", "--insecure-registry", List.of("promote", "--source", src, "--tag", "staging", "--insecure-registry", "registry:70000"), Map.of()),
                Arguments.of("insecure registry with a path", "--insecure-registry", List.of("promote", "--source", src, "--tag", "staging", "--insecure-registry", "a/b"), Map.of()),
                Arguments.of("user without password", "REGISTRY_PASSWORD", List.of("promote", "--source", src, "--tag", "staging"), Map.of("REGISTRY_USERNAME", "ci")),
                Arguments.of("unknown flag", "--no-such-flag", List.of("promote", "--source", src, "--tag", "staging", "--no-such-flag"), Map.of()),
                Arguments.of("digest: bad reference", "REF", List.of("digest", "127.0.0.1:PORT/team/API:1"), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneLineNamingTheFieldAndWritesNothing(String name, String field, List<String> template,
            Map<String, String> env) throws Exception {
        String tagsBefore = tags();
        List<String> argv = new ArrayList<>();
        for (String a : template) {
            argv.add(a.replace("PORT", String.valueOf(registry.port())).replace("DIGEST", digest));
        }
        argv.add("--json");

        Result r = EngineProcess.run(env, null, argv.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).contains(field).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stdout()).contains("\"exitCode\":2");
        assertThat(tags()).isEqualTo(tagsBefore);
    }

    private static String tags() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/team/api/tags/list")).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
