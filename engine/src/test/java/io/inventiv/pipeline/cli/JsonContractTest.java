package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON field names the Jenkins steps parse, pinned: every failure is {@code error} and
 * {@code exitCode}, followed by the command's own fields when it has a report.
 */
class JsonContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, JsonNode json) {
    }

    private static Run run(String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            String text = captured.toString(StandardCharsets.UTF_8).strip();
            assertThat(text.lines()).as("stdout is one JSON object: " + text).hasSize(1);
            return new Run(code, JSON.readTree(text));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyCommandsBadInputIsErrorAndExitCodeOnly() throws Exception {
        for (String name : Main.COMMANDS) {
            if (name.equals("help")) {
                continue;
            }
            Run r = run(name, "--json", "--no-such-flag");
            assertThat(r.exitCode()).as(name).isEqualTo(2);
            assertThat(fields(r.json())).as(name).containsExactly("error", "exitCode");
            assertThat(r.json().get("exitCode").asInt()).isEqualTo(2);
            assertThat(r.json().get("error").asText()).as(name).isNotBlank();
        }
    }

    @Test
    void aFailedGateCarriesItsReportAfterTheError() throws Exception {
        Run r = run("gate", "--json", "--check", "fails=exit 3", "--check", "passes=true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(fields(r.json())).containsExactly("error", "exitCode", "checks", "passed", "junit");
        assertThat(r.json().get("exitCode").asInt()).isEqualTo(1);
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(fields(r.json().get("checks").get(0))).containsExactly("name", "status", "durationMs", "exitCode", "reason", "image");
    }

    @Test
    void aPassingGateHasNoErrorField() throws Exception {
        Run r = run("gate", "--json", "--check", "passes=true");
        assertThat(r.exitCode()).isZero();
        assertThat(fields(r.json())).containsExactly("checks", "passed", "junit");
    }

    @Test
    void disagreeingVersionsCarryTheReportAfterTheError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{\"version\": \"1.0.0\"}");
        Files.writeString(dir.resolve("b.json"), "{\"version\": \"1.0.1\"}");
        Run r = run("check-versions", "--json", "--source-dir", dir.toString(), "--json-key", "a.json=version",
                "--json-key", "b.json=version");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(fields(r.json())).containsExactly("error", "exitCode", "versions", "agree", "version");
        assertThat(r.json().get("error").asText()).startsWith("versions disagree");
    }
}
