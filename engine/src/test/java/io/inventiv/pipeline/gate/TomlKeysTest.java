package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TomlKeysTest {
    private static final String CARGO = """
            # The agent crate
            [package]
            name = "inventiv-agent"   # trailing comment
            description = \"\"\"
            version = "9.9.9" inside a multi-line string
            \"\"\"
            keywords = [
              "version = 8.8.8",
              ["nested"],
            ]
            version = "0.4.2" # the real one
            authors = ['A # not a comment']

            [dependencies]
            serde = { version = "1.0", features = ["derive"] }
            tokio.version = "1.38"

            [[bin]]
            name = "agent"
            version = "7.7.7"

            [workspace.package]
            version = '1.2.3'
            "quoted.key" = "q"
            """;

    @Test
    void findsStringValuesByDottedKeyAcrossTables() {
        assertThat(TomlKeys.find(CARGO, "package.version")).contains(new TomlKeys.Value("0.4.2", true));
        assertThat(TomlKeys.find(CARGO, "package.name")).contains(new TomlKeys.Value("inventiv-agent", true));
        assertThat(TomlKeys.find(CARGO, "dependencies.tokio.version")).contains(new TomlKeys.Value("1.38", true));
        assertThat(TomlKeys.find(CARGO, "workspace.package.version")).contains(new TomlKeys.Value("1.2.3", true));
        assertThat(TomlKeys.find(CARGO, "workspace.package.\"quoted.key\"")).contains(new TomlKeys.Value("q", true));
        assertThat(TomlKeys.find(CARGO, "package.authors")).map(TomlKeys.Value::isString).contains(false);
    }

    @Test
    void nonStringValuesAreReportedAsSuch() {
        assertThat(TomlKeys.find(CARGO, "dependencies.serde"))
                .contains(new TomlKeys.Value("{ version = \"1.0\", features = [\"derive\"] }", false));
    }

    @Test
    void missingKeysAndArrayOfTablesKeysAreNotFound() {
        assertThat(TomlKeys.find(CARGO, "package.edition")).isEmpty();
        assertThat(TomlKeys.find(CARGO, "bin.version")).isEmpty();
    }

    @Test
    void escapesInBasicStringsAreDecoded() {
        assertThat(TomlKeys.find("[a]\nv = \"1.0\\\"beta\\\"\"\n", "a.v")).contains(new TomlKeys.Value("1.0\"beta\"", true));
    }
}
