package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvFileValueTest {

    /** Values a single-quoted env-file line holds identically for compose v1 and v2 (RenderEnvComposeIT proves it with v1). */
    static Stream<String> representable() {
        return Stream.of("", "plain", "$(touch /tmp/pwned)", "`touch /tmp/pwned`", "a;b && c | d", "double\"quote",
                "# not a comment", "trailing #", "with spaces  ", "  leading", "$HOME", "$$", "$", "a\\b", "tab\there",
                "ünïcödé €", "=equals=", "%s %n");
    }

    static Stream<String> refused() {
        return Stream.of("line\nbreak", "carriage\rreturn", "nul\0byte", "single'quote", "ends with backslash\\",
                "double\\\\backslash", "${HOME}", "bell\u0007", "del\u007f", "nel\u0085", "ls\u2028");
    }

    @ParameterizedTest
    @MethodSource("representable")
    void acceptsValuesBothComposeVersionsReadAlike(String value) {
        assertThat(EnvFileValue.problem(value)).isNull();
        assertThat(EnvFileValue.line("KEY", value)).isEqualTo("KEY='" + value + "'");
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesValuesASingleQuotedLineCannotHold(String value) {
        String problem = EnvFileValue.problem(value);
        assertThat(problem).isNotNull();
        // The reason never repeats the value: it may be a secret.
        assertThat(problem).doesNotContain(value);
    }
}
