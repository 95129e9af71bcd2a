package io.inventiv.pipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;

class YamlNodeTest {

    /** YAML the user can write wrongly in ways a parser reports in its own words: each becomes one plain line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            two documents        | `a: 1\\n---\\nb: 2\\n`  | f.yml: holds more than one YAML document
            a list as a key      | `? [a]\\n: b\\n`        | f.yml: not valid YAML at line 1: a key must be a single value
            bad base64           | `a: !!binary zz\\n`     | f.yml: not valid YAML at line 1: a !!binary value is not valid base64
            a tab indent         | `a:\\n\\t- b\\n`        | f.yml: not valid YAML at line 1: while scanning for the next token
            an unclosed list     | `a: [1,\\n`             | f.yml: not valid YAML at line 1
            a duplicate key      | `a: 1\\na: 2\\n`        | f.yml: a: given twice (line 2)
            only a separator     | `---\\n`                | f.yml: is empty
            a scalar             | `just words\\n`         | f.yml: expected a mapping of keys, got "just words"
            """)
    void badYamlIsOnePlainLineNamingTheFile(String why, String text, String message) {
        String yaml = text.replace("\\n", "\n").replace("\\t", "\t");
        assertThatThrownBy(() -> YamlNode.parse("f.yml", yaml, "target file"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "org.yaml", "com.fasterxml", "java.",
                        "Event", "Base64Variant"));
    }

    @Test
    void typedFieldsSayWhatTheyExpectAndWhatTheyGot() {
        YamlNode n = YamlNode.parse("t.yml", "keep: many\nport: \"2222\"\nflag: maybe\nlist: {a: 1}\nmap: [a]\n", "target file");
        assertThatThrownBy(() -> n.wholeNumber("keep", 1, Integer.MAX_VALUE))
                .hasMessage("t.yml: keep: expected a whole number ≥ 1, got \"many\"; write e.g. keep: 1");
        assertThat(n.port("port")).isEqualTo(2222);
        assertThatThrownBy(() -> n.bool("flag")).hasMessageStartingWith("t.yml: flag: expected true or false, got \"maybe\"");
        assertThatThrownBy(() -> n.list("list")).hasMessageStartingWith("t.yml: list: expected a list, got a mapping");
        assertThatThrownBy(() -> n.mapping("map")).hasMessageStartingWith("t.yml: map: expected a mapping of key: value, got a list");
        assertThatThrownBy(() -> n.text("map")).hasMessageStartingWith("t.yml: map: expected a single value, got a list");
        assertThat(n.text("absent")).isNull();
    }
}
