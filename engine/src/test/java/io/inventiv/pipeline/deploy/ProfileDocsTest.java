package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** docs/profile.md states the defaults and formats the code has (docs that drift are worse than none). */
class ProfileDocsTest {
    private static final Path DOC = Path.of("docs/profile.md");

    @Test
    void everyFormatAndKindIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (ValueFormat f : ValueFormat.values()) {
            assertThat(doc).contains("| `" + f.yamlName() + "`");
        }
        for (VariableKind k : VariableKind.values()) {
            assertThat(doc).contains("`" + k.yamlName() + "`");
        }
    }

    @Test
    void theDocumentedDefaultsAreTheCodesDefaults() throws Exception {
        String doc = Files.readString(DOC).replaceAll("\\s+", " ");
        StringBuilder timeouts = new StringBuilder("timeouts");
        for (Map.Entry<String, Duration> e : DeployTimeouts.DEFAULTS.entrySet()) {
            timeouts.append(timeouts.length() > 8 ? ", " : " ").append('`').append(e.getKey()).append("` ")
                    .append(e.getValue().toSecondsPart() == 0 ? e.getValue().toMinutes() + "m" : e.getValue().toSeconds() + "s");
        }
        assertThat(doc).contains(timeouts.toString());
        assertThat(doc).contains("`keepReleases: " + ProfileLoader.DEFAULT_KEEP_RELEASES + "`");
        assertThat(doc).contains("`userCandidates` `[" + String.join(", ", ProfileLoader.DEFAULT_USER_CANDIDATES) + "]`");
    }

    @Test
    void everyBuiltInVariableIsInTheDocumentedTable() throws Exception {
        String doc = Files.readString(DOC);
        for (VariableSpec v : ProfileLoader.load("staging").variables()) {
            String row = "| `" + v.name() + "` | " + v.kind().yamlName() + " |";
            assertThat(doc).contains(row);
            if (v.composeKey() != null) {
                assertThat(doc).contains(row.substring(0, row.length() - 1)).containsPattern(
                        "\\| `" + v.name() + "` \\|[^\\n]*\\| `" + v.composeKey() + "` \\|");
            }
        }
    }
}
