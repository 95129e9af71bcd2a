package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Pids;

/** {@code gate} through the packaged jar: exit codes, JSON, JUnit file, streamed output, bad input. */
class GateIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    private Result gate(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "gate";
        System.arraycopy(args, 0, argv, 1, args.length);
        return EngineProcess.run(null, null, repo, argv);
    }

    @Test
    void passingGateExitsZeroWithJsonAndAJUnitReportJenkinsCanRead() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: build
                    command: [sh, -c, "echo compiled > artifact"]
                  - name: test
                    command: "grep -q compiled artifact && echo 'tests ok'"
                    needs: [build]
                  - name: engine-self
                    engine: [check-versions, --json-key, "a.json=version", --json-key, "b.json=version"]
                """);
        Files.writeString(repo.resolve("a.json"), "{\"version\": \"1.2.3\"}");
        Files.writeString(repo.resolve("b.json"), "{\"version\": \"1.2.3\"}");

        Result r = gate("--json", "--junit", "reports/gate.xml");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(json.get("junit").asText()).isEqualTo("reports/gate.xml");
        assertThat(json.get("checks")).hasSize(3);
        for (JsonNode c : json.get("checks")) {
            assertThat(c.get("status").asText()).isEqualTo("passed");
            assertThat(c.get("exitCode").asInt()).isZero();
            assertThat(c.get("durationMs").isIntegralNumber()).isTrue();
        }
        assertThat(r.stderr()).contains("[test]        tests ok").contains("[engine-self] ");
        assertThat(r.stderr()).contains("gate passed: 3 checks");

        Document doc = JUnitXmlTest.parse(Files.readString(repo.resolve("reports/gate.xml")));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    }

    @Test
    void aCheckPrintingTheEnvironmentsSecretsLeavesThemMaskedInConsoleJsonAndJUnit() throws Exception {
        String password = "RegPw-Gate-7Q2x9";
        String listed = "Listed-Gate-3K5v";
        String control = "Ctl\bGate-9P\u0001w";
        Map<String, String> env = Map.of("REGISTRY_USERNAME", "ci-bot", "REGISTRY_PASSWORD", password,
                "INVENTIV_SECRET_VARS", "LISTED,CONTROL", "LISTED", listed, "CONTROL", control);
        Result r = EngineProcess.run(env, null, repo, "gate", "--json", "--junit", "gate.xml", "--check",
                "leak=echo \"$REGISTRY_USERNAME $REGISTRY_PASSWORD $LISTED\"; printf '%s\\n' \"$CONTROL\"; "
                        + "printf %s \"$REGISTRY_USERNAME:$REGISTRY_PASSWORD\" | base64; exit 3");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        String junit = Files.readString(repo.resolve("gate.xml"));
        String auth = java.util.Base64.getEncoder().encodeToString(("ci-bot:" + password).getBytes());
        for (String text : new String[] {r.stdout(), r.stderr(), junit}) {
            assertThat(text).doesNotContain(password).doesNotContain(listed).doesNotContain(control)
                    .doesNotContain("Gate-9P").doesNotContain(auth);
        }
        assertThat(r.stderr()).contains("[leak] ci-bot **** ****");
        assertThat(junit).contains("ci-bot **** ****");
    }

    @Test
    void aRegistryPasswordTooShortToMaskIsRefusedByNameBeforeAnyCheckRuns() {
        Result r = EngineProcess.run(Map.of("REGISTRY_USERNAME", "ci-bot", "REGISTRY_PASSWORD", "abc"), null, repo,
                "gate", "--json", "--junit", "gate.xml", "--check", "touch=touch ran");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("gate: REGISTRY_PASSWORD: is shorter than 4 characters, too short "
                + "to be masked in logs; use a longer secret");
        assertThat(repo.resolve("ran")).doesNotExist();
        assertThat(repo.resolve("gate.xml")).doesNotExist();
    }

    @Test
    void failingCheckExitsOneAndItsOutputTailIsInTheReport() throws Exception {
        Result r = gate("--check", "fmt=true", "--check", "clippy=echo 'warning: unused variable x' >&2; exit 101",
                "--junit", "gate.xml");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("clippy  failed").contains("gate failed: 1 of 2 checks did not pass (clippy)");
        Document doc = JUnitXmlTest.parse(Files.readString(repo.resolve("gate.xml")));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("exited 101");
        assertThat(failure.getTextContent()).contains("warning: unused variable x");
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("clippy");
    }

    @Test
    void theReportCarriesOnlyTheLastHundredLinesOfAFailedChecksOutputAndItsDuration() throws Exception {
        Result r = gate("--json", "--junit", "gate.xml",
                "--check", "noisy=i=1; while [ $i -le 150 ]; do echo \"out $i\"; i=$((i+1)); done; sleep 0.2; exit 3");

        assertThat(r.exitCode()).isEqualTo(1);
        Document doc = JUnitXmlTest.parse(Files.readString(repo.resolve("gate.xml")));
        Element testcase = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(Double.parseDouble(testcase.getAttribute("time"))).isGreaterThanOrEqualTo(0.2);
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("exited 3");
        assertThat(failure.getTextContent().lines().toList())
                .hasSize(100).startsWith("out 51").endsWith("out 150");
        // Every line was streamed live with the check's name, not only the tail.
        assertThat(r.stderr()).contains("[noisy] out 1\n").contains("[noisy] out 150");
        assertThat(JSON.readTree(r.stdout()).get("checks").get(0).get("durationMs").asLong()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void timedOutCheckHasItsProcessTreeKilledAndFailsTheGate() throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), """
                checks:
                  - name: hang
                    command: "sh -c 'sleep 300 & echo $! > sleeper.pid; wait' & wait"
                    timeout: 1s
                """);

        Result r = gate("--json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode hang = JSON.readTree(r.stdout()).get("checks").get(0);
        assertThat(hang.get("status").asText()).isEqualTo("timedOut");
        assertThat(hang.get("exitCode").isNull()).isTrue();
        assertThat(Pids.goneWithin(Pids.read(repo.resolve("sleeper.pid")), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void failFastThroughTheCliSkipsTheRest() throws Exception {
        Result r = gate("--json", "--parallel", "1", "--fail-fast", "--check", "first=exit 1", "--check", "second=touch ran");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode checks = JSON.readTree(r.stdout()).get("checks");
        assertThat(checks.get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(repo.resolve("ran")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown need    | 'checks: [{name: a, command: "true", needs: [b]}]'   | gate.yaml: checks[0].needs: unknown check 'b'
            cycle           | 'checks: [{name: a, command: "true", needs: [b]}, {name: b, command: "true", needs: [a]}]' | gate.yaml: checks[0].needs: cycle a → b → a
            malformed file  | 'checks: [{name: a, command: "true"'                 | gate.yaml: not valid YAML
            missing dir     | 'checks: [{name: a, command: "true", dir: frontend}]' | gate.yaml: checks[0].dir:
            unknown key     | 'checks: [{name: a, run: "true"}]'                   | gate.yaml: checks[0].run: unknown key
            """)
    void badGateFileIsExitTwoWithOneLineNamingTheFieldAndNothingRuns(String label, String yaml, String message)
            throws Exception {
        Files.writeString(repo.resolve("gate.yaml"), yaml);

        Result r = gate("--gate-file", "gate.yaml", "--junit", "gate.xml", "--check", "marker=touch ran");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("gate: " + message).doesNotContain("Exception");
        assertThat(r.stdout()).isEmpty();
        assertThat(repo.resolve("gate.xml")).doesNotExist();
        assertThat(repo.resolve("ran")).doesNotExist();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            --check,noequals         | --check: 'noequals' is not NAME=COMMAND
            --parallel,0             | --parallel: 0 is not a number of checks
            --gate-file,missing.yaml | --gate-file: file missing.yaml does not exist
            --builtin,nope           | --builtin: no built-in gate named 'nope'
            --timeout,forever        | --timeout: 'forever' is not a duration
            --timeout,9999999999999999s | --timeout: '9999999999999999s' is longer than 24h
            --timeout,90             | --timeout: '90' is not a duration
            """)
    void badFlagsAreExitTwoWithOneLine(String flags, String message) {
        Result r = gate(flags.split(","));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("gate: " + message);
    }

    @Test
    void withNoGateGivenAndNoGateYamlItSaysWhatToGive() {
        Result r = gate("--json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("gate: --gate-file: no gate given and no ./gate.yaml here");
        assertThat(r.stdout()).contains("\"exitCode\":2");
    }
}
