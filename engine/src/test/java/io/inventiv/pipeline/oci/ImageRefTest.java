package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.UsageException;

/**
 * docker/distribution's own reference test tables (src/test/resources/image-references.json):
 * the "parse" table against the raw grammar (docker's reference.Parse), the normalised tables
 * against {@link ImageRef#parse} (docker's ParseNormalizedNamed).
 */
class ImageRefTest {
    private static final JsonNode TABLES = load();

    private static JsonNode load() {
        try (InputStream in = ImageRefTest.class.getResourceAsStream("/image-references.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> rawGrammarMatchesDockerParseTable() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : TABLES.get("parse")) {
            String input = c.get("input").asText();
            tests.add(dynamicTest("parse " + shorten(input), () -> {
                if (c.has("error")) {
                    assertThatThrownBy(() -> ReferenceGrammar.parse(input, "ref"))
                            .isInstanceOf(ReferenceGrammar.InvalidReferenceException.class)
                            .satisfies(e -> assertThat(((ReferenceGrammar.InvalidReferenceException) e).problem())
                                    .isEqualTo(problem(c.get("error").asText())));
                    return;
                }
                ReferenceGrammar.Parts p = ReferenceGrammar.parse(input, "ref");
                String full = p.domain() == null ? p.path() : p.domain() + "/" + p.path();
                assertThat(full).isEqualTo(c.get("repository").asText());
                assertThat(p.domain()).isEqualTo(text(c, "domain"));
                assertThat(p.tag()).isEqualTo(text(c, "tag"));
                assertThat(p.digest() == null ? null : p.digest().toString()).isEqualTo(text(c, "digest"));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> normalisedNamesMatchDockerTable() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : TABLES.get("normalized_names")) {
            String input = c.get("input").asText();
            tests.add(dynamicTest("normalise " + input, () -> {
                ImageRef ref = ImageRef.parse(input);
                assertThat(ref.name()).isEqualTo(c.get("full").asText());
                assertThat(ref.registry()).isEqualTo(c.get("domain").asText());
                assertThat(ref.repository()).isEqualTo(c.get("path").asText());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> validNamesAreAccepted() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : TABLES.get("normalized_valid")) {
            tests.add(dynamicTest("valid " + shorten(c.asText()), () -> assertThat(ImageRef.parse(c.asText())).isNotNull()));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> invalidNamesAreRefusedAsBadInput() {
        List<String> inputs = new ArrayList<>();
        TABLES.get("normalized_invalid").forEach(n -> inputs.add(n.asText()));
        // The shared table's extraction mangled some Go literals; these are docker's originals.
        inputs.addAll(List.of("https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker",
                "-docker.io/docker/docker", "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker",
                "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"));
        return inputs.stream().map(input -> dynamicTest("invalid " + shorten(input),
                () -> assertThatThrownBy(() -> ImageRef.parse(input, "--source"))
                        .isInstanceOf(UsageException.class)
                        .hasMessageStartingWith("--source: ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n\t"))));
    }

    @Test
    void registryWithPortHasNoTag() {
        ImageRef ref = ImageRef.parse("localhost:5000/app");
        assertThat(ref.registry()).isEqualTo("localhost:5000");
        assertThat(ref.repository()).isEqualTo("app");
        assertThat(ref.tag()).isNull();
        assertThat(ref.digest()).isNull();
    }

    @Test
    void tagAndDigestAreBothKeptAndTheDigestIsWhatTheRegistryIsAskedFor() {
        String d = "sha256:" + "ab".repeat(32);
        ImageRef ref = ImageRef.parse("ghcr.io/o/r:tag@" + d);
        assertThat(ref.tag()).isEqualTo("tag");
        assertThat(ref.digest()).isEqualTo(Digest.parse(d));
        assertThat(ref.reference()).isEqualTo(d);
        assertThat(ref).hasToString("ghcr.io/o/r:tag@" + d);
    }

    @Test
    void uppercaseRepositoryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageRef.parse("ghcr.io/Owner/app:1", "--source"))
                .hasMessage("--source: repository name in 'ghcr.io/Owner/app:1' must be lowercase; use lowercase letters");
    }

    @Test
    void badTagsAreRefused() {
        assertThat(ImageRef.checkTag("v1.2.3", "--tag")).isEqualTo("v1.2.3");
        assertThat(ImageRef.checkTag("_x", "--tag")).isEqualTo("_x");
        for (String bad : new String[] {"", ".x", "-x", "a/b", "a:b", "x".repeat(129), "é"}) {
            assertThatThrownBy(() -> ImageRef.checkTag(bad, "--tag")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--tag: ");
        }
    }

    @Test
    void repositoryOnlyRefusesATag() {
        assertThat(ImageRef.parseRepository("127.0.0.1:5000/o/r", "--target-repo").name()).isEqualTo("127.0.0.1:5000/o/r");
        assertThatThrownBy(() -> ImageRef.parseRepository("127.0.0.1:5000/o/r:t", "--target-repo"))
                .hasMessageStartingWith("--target-repo: ");
    }

    private static ReferenceGrammar.Problem problem(String goName) {
        return switch (goName) {
            case "ErrNameEmpty" -> ReferenceGrammar.Problem.NAME_EMPTY;
            case "ErrReferenceInvalidFormat" -> ReferenceGrammar.Problem.INVALID_FORMAT;
            case "ErrNameContainsUppercase" -> ReferenceGrammar.Problem.NAME_CONTAINS_UPPERCASE;
            case "ErrNameTooLong" -> ReferenceGrammar.Problem.NAME_TOO_LONG;
            case "ErrDigestInvalidLength" -> ReferenceGrammar.Problem.DIGEST_INVALID_LENGTH;
            case "ErrDigestUnsupported" -> ReferenceGrammar.Problem.DIGEST_UNSUPPORTED;
            case "ErrDigestInvalidFormat" -> ReferenceGrammar.Problem.DIGEST_INVALID_FORMAT;
            default -> throw new IllegalArgumentException("unknown docker error " + goName);
        };
    }

    private static String text(JsonNode c, String field) {
        return c.has(field) ? c.get(field).asText() : null;
    }

    private static String shorten(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\t", "\\t");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine;
    }
}
