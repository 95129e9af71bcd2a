package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.exec.Redactor;

/**
 * The results' JSON is redacted value by value before it is escaped, through the real writer on
 * both its paths (PlainJson and the Jackson fallback): a secret holding a control character is
 * written as {@code \b} by both, a spelling a scrub of the finished text would have to guess.
 */
class JsonRedactionTest {
    private static final String CONTROL = "ctl\bjson\u0001secret";
    private static final String QUOTED = "q\"uo\\te/d-secret";

    static {
        Redactor.global().add(CONTROL).add(QUOTED);
    }

    record Plain(String message, List<String> lines, Map<String, String> byKey) {
    }

    record NeedsJackson(String message, Path file) {
        public String getNote() {
            return "note " + QUOTED;
        }
    }

    @Test
    void aPlainRecordIsWrittenWithEverySecretMaskedAndStaysValidJson() throws Exception {
        Plain value = new Plain("failed: " + CONTROL, List.of(QUOTED, "ok"), Map.of(CONTROL, "v", "k", "x" + QUOTED));
        assertThat(PlainJson.write(value)).as("the plain path is taken").isPresent();

        String json = Json.write(value);

        assertThat(json).doesNotContain("json").doesNotContain("uo\\\\te").doesNotContain("secret");
        Map<?, ?> parsed = new ObjectMapper().readValue(json, Map.class);
        assertThat(parsed.get("message")).isEqualTo("failed: ****");
        assertThat(parsed.get("lines")).isEqualTo(List.of("****", "ok"));
        assertThat(parsed.get("byKey")).isEqualTo(Map.of("****", "v", "k", "x****"));
    }

    @Test
    void aValueLeftToJacksonIsMaskedToo() throws Exception {
        NeedsJackson value = new NeedsJackson("auth " + CONTROL, Path.of("/tmp/" + QUOTED));
        assertThat(PlainJson.write(value)).as("Jackson's path is taken").isEmpty();

        String json = Json.write(value);

        assertThat(json).doesNotContain("secret");
        Map<?, ?> parsed = new ObjectMapper().readValue(json, Map.class);
        assertThat(parsed.get("message")).isEqualTo("auth ****");
        assertThat(parsed.get("note")).isEqualTo("note ****");
    }

    @Test
    void theErrorObjectIsMasked() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "deploy: host said " + CONTROL);
        error.put("exitCode", 1);

        assertThat(Json.write(error)).isEqualTo("{\"error\":\"deploy: host said ****\",\"exitCode\":1}");
    }
}
