package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;

class GateFileTest {
    private static final EngineInvocation ENGINE = new EngineInvocation("/jdk/bin/java", "/x/engine.jar");
    private static final Duration DEFAULT = Duration.ofMinutes(30);

    @TempDir
    Path repo;

    private List<CheckSpec> parse(String yaml) {
        return new GateFile("gate.yaml", repo, ENGINE, DEFAULT).parse(yaml);
    }

    @Test
    void readsArgvShellStringsEngineChecksDirsEnvTimeoutsAndNeeds() {
        List<CheckSpec> specs = parse("""
                timeout: 10m
                checks:
                  - name: fmt
                    command: [cargo, fmt, --all, --, --check]
                  - name: unit
                    command: "cargo test 2>&1 | tee log"
                    dir: agent
                    env: {RUST_BACKTRACE: 1}
                    timeout: 90s
                    needs: [fmt]
                  - name: keys
                    engine: [scan-keys, --allowlist, allow.txt]
                """);

        assertThat(specs).extracting(CheckSpec::name).containsExactly("fmt", "unit", "keys");
        CheckSpec fmt = specs.get(0);
        assertThat(fmt.argv()).containsExactly("cargo", "fmt", "--all", "--", "--check");
        assertThat(fmt.dir()).isEqualTo(repo);
        assertThat(fmt.timeout()).isEqualTo(Duration.ofMinutes(10));
        CheckSpec unit = specs.get(1);
        assertThat(unit.argv()).containsExactly("sh", "-c", "cargo test 2>&1 | tee log");
        assertThat(unit.dir()).isEqualTo(repo.resolve("agent"));
        assertThat(unit.env()).isEqualTo(Map.of("RUST_BACKTRACE", "1"));
        assertThat(unit.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(unit.needs()).containsExactly("fmt");
        assertThat(specs.get(2).argv()).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC",
                "-cp", "/x/engine.jar", "io.inventiv.pipeline.cli.Main", "scan-keys", "--allowlist", "allow.txt");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not yaml                 | 'checks: [name: a, command: x' | gate.yaml: not valid YAML at line
            no checks                | 'timeout: 5m'                  | gate.yaml: checks: missing or empty
            unknown top key          | 'check: []'                    | gate.yaml: check: unknown key
            unknown check key        | 'checks: [{name: a, comand: x}]' | gate.yaml: checks[0].comand: unknown key
            missing name             | 'checks: [{command: x}]'       | gate.yaml: checks[0].name: missing
            bad name                 | 'checks: [{name: "a b", command: x}]' | gate.yaml: checks[0].name: 'a b' is not a valid name
            no command               | 'checks: [{name: a}]'          | gate.yaml: checks[0].command: give exactly one of
            both command and engine  | 'checks: [{name: a, command: x, engine: [scan-keys]}]' | gate.yaml: checks[0].command: give exactly one of
            empty argv               | 'checks: [{name: a, command: []}]' | gate.yaml: checks[0].command: expected a list of strings
            blank shell string       | 'checks: [{name: a, command: " "}]' | gate.yaml: checks[0].command: empty
            nested argv              | 'checks: [{name: a, command: [x, [y]]}]' | gate.yaml: checks[0].command[1]: expected a single value
            bad timeout              | 'checks: [{name: a, command: x, timeout: soon}]' | gate.yaml: checks[0].timeout: 'soon' is not a duration
            needs not a list         | 'checks: [{name: a, command: x, needs: b}]' | gate.yaml: checks[0].needs: expected a list
            env not a mapping        | 'checks: [{name: a, command: x, env: [A=1]}]' | gate.yaml: checks[0].env: expected a mapping
            empty file               | ''                             | gate.yaml: is empty
            a list at the top        | '[a, b]'                       | gate.yaml: expected a mapping of keys, got a list
            checks a mapping         | 'checks: {name: a}'            | gate.yaml: checks: expected a list, got a mapping
            a check a string         | 'checks: [a]'                  | gate.yaml: checks[0]: expected a mapping, got a single value
            duplicate key            | 'checks: [{name: a, name: b, command: x}]' | gate.yaml: name: given twice
            unknown engine command   | 'checks: [{name: a, engine: [scan-kyes]}]' | gate.yaml: checks[0].engine: 'scan-kyes' is not an engine command
            engine runs a gate       | 'checks: [{name: a, engine: [gate]}]' | gate.yaml: checks[0].engine: 'gate' is not an engine command
            engine starts with a flag | 'checks: [{name: a, engine: [--help]}]' | gate.yaml: checks[0].engine: '--help' is not an engine command
            env without a value      | 'checks: [{name: a, command: x, env: {A: }}]' | gate.yaml: checks[0].env.A: has no value
            env name with =          | 'checks: [{name: a, command: x, env: {"A=B": c}}]' | gate.yaml: checks[0].env: 'A=B' is not a variable name
            image uppercase          | 'checks: [{name: a, command: x, image: Rust:1.80}]' | gate.yaml: checks[0].image: repository name in 'Rust:1.80' must be lowercase
            image a list             | 'checks: [{name: a, command: x, image: [rust]}]' | gate.yaml: checks[0].image: expected a single value
            image empty              | 'checks: [{name: a, command: x, image: ""}]' | gate.yaml: checks[0].image: empty
            image with a space       | 'checks: [{name: a, command: x, image: "rust 1.80"}]' | gate.yaml: checks[0].image:
            image a flag             | 'checks: [{name: a, command: x, image: "--privileged"}]' | gate.yaml: checks[0].image:
            image short digest       | 'checks: [{name: a, command: x, image: "rust@sha256:abc"}]' | gate.yaml: checks[0].image:
            image on an engine check | 'checks: [{name: a, engine: [scan-keys], image: rust:1.80}]' | gate.yaml: checks[0].image: an engine check cannot run in an image
            default image bad        | '{image: "node:", checks: [{name: a, command: x}]}' | gate.yaml: image:
            passEnv a string         | 'checks: [{name: a, command: x, passEnv: NPM_TOKEN}]' | gate.yaml: checks[0].passEnv: expected a list of variable names, got a single value
            passEnv a mapping        | 'checks: [{name: a, command: x, passEnv: {NPM_TOKEN: x}}]' | gate.yaml: checks[0].passEnv: expected a list of variable names, got a mapping
            passEnv name with a dash | 'checks: [{name: a, command: x, passEnv: [OK, npm-token]}]' | gate.yaml: checks[0].passEnv[1]: 'npm-token' is not a variable name
            passEnv name with =      | 'checks: [{name: a, command: x, passEnv: ["NPM_TOKEN=abc"]}]' | gate.yaml: checks[0].passEnv[0]: 'NPM_TOKEN=abc' is not a variable name
            passEnv leading digit    | 'checks: [{name: a, command: x, passEnv: [1TOKEN]}]' | gate.yaml: checks[0].passEnv[0]: '1TOKEN' is not a variable name
            passEnv item a list      | 'checks: [{name: a, command: x, passEnv: [[A]]}]' | gate.yaml: checks[0].passEnv[0]: expected a variable name, got a list
            passEnv item null        | 'checks: [{name: a, command: x, passEnv: [~]}]' | gate.yaml: checks[0].passEnv[0]: expected a variable name, got nothing
            passEnv twice            | 'checks: [{name: a, command: x, passEnv: [A, B, A]}]' | gate.yaml: checks[0].passEnv[2]: A is listed twice
            passEnv and env          | 'checks: [{name: a, command: x, env: {A: "1"}, passEnv: [A]}]' | gate.yaml: checks[0].passEnv[0]: A also has a value in env
            passEnv HOME             | 'checks: [{name: a, command: x, passEnv: [HOME]}]' | gate.yaml: checks[0].passEnv[0]: HOME cannot be passed
            """)
    void badGateFilesNameTheField(String label, String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anImageRunsACommandCheckInAContainerWithTheGateFilesDirectoryAsWorkspace() {
        String digest = "node@sha256:" + "ab".repeat(32);
        List<CheckSpec> specs = parse("""
                image: rust:1.80
                checks:
                  - name: unit
                    command: [cargo, test]
                  - name: lint
                    command: "npm run lint"
                    dir: frontend
                    image: %s
                  - name: keys
                    engine: [scan-keys]
                  - name: registry
                    command: [true]
                    image: 127.0.0.1:5000/ci/tools:v1
                """.formatted(digest));

        assertThat(specs.get(0).image()).isEqualTo(new CheckImage("rust:1.80", repo));
        assertThat(specs.get(1).image()).isEqualTo(new CheckImage(digest, repo));
        assertThat(specs.get(1).dir()).isEqualTo(repo.resolve("frontend"));
        // The default is for command checks: an engine check always runs on the agent.
        assertThat(specs.get(2).image()).isNull();
        assertThat(specs.get(3).image().reference()).isEqualTo("127.0.0.1:5000/ci/tools:v1");
    }

    @Test
    void passEnvNamesTheEnginesVariablesForTheCheckInDeclarationOrderAndDefaultsToNone() {
        List<CheckSpec> specs = parse("""
                image: node:20
                checks:
                  - name: npm-ci
                    command: [npm, ci]
                    passEnv: [NPM_TOKEN, _CI_2]
                  - name: plain
                    command: [true]
                """);

        assertThat(specs.get(0).passEnv()).containsExactly("NPM_TOKEN", "_CI_2");
        assertThat(specs.get(0).env()).isEmpty();
        assertThat(specs.get(1).passEnv()).isEmpty();
    }

    @Test
    void withoutAnImageAChecksRunsOnTheAgent() {
        assertThat(parse("checks: [{name: a, command: x}]").get(0).image()).isNull();
    }

    @Test
    void badImageMessagesAreOneLineWithTheFix() {
        assertThatThrownBy(() -> parse("checks: [{name: a, command: x, image: \"rust 1.80\"}]"))
                .hasMessageStartingWith("gate.yaml: checks[0].image: ")
                .hasMessageContaining("; ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void builtinInventivAgentsGateMirrorsTheTeamsCiWorkflow() throws Exception {
        Files.createDirectories(repo.resolve("frontend"));
        List<CheckSpec> specs = GateFile.builtin("inventiv-agents", repo, ENGINE, DEFAULT);
        Map<String, CheckSpec> byName = specs.stream().collect(Collectors.toMap(CheckSpec::name, Function.identity()));

        assertThat(byName.get("cargo-fmt").argv()).containsExactly("cargo", "fmt", "--all", "--", "--check");
        assertThat(byName.get("cargo-clippy").argv()).containsExactly("cargo", "clippy", "--all-targets", "--", "-D", "warnings");
        assertThat(byName.get("cargo-test").argv()).containsExactly("cargo", "test");
        assertThat(byName.get("security-check").argv()).endsWith("io.inventiv.pipeline.cli.Main", "scan-keys");
        assertThat(byName.get("agent-version-check").argv()).contains("check-versions");
        assertThat(byName.get("frontend-lockfile").argv()).endsWith("check-lockfile", "--lockfile",
                "frontend/package-lock.json", "--platform", "linux/arm64", "--package", "lightningcss");
        assertThat(byName.get("npm-ci").argv()).containsExactly("npm", "ci");
        assertThat(byName.get("npm-lint").argv()).containsExactly("npm", "run", "lint");
        assertThat(byName.get("npm-build").argv()).containsExactly("npm", "run", "build");
        for (String npm : List.of("npm-ci", "npm-lint", "npm-build")) {
            assertThat(byName.get(npm).dir()).isEqualTo(repo.resolve("frontend"));
        }
        assertThat(byName.get("npm-lint").needs()).containsExactly("npm-ci");
        assertThat(byName.get("npm-build").needs()).containsExactly("npm-ci");
        // The plan validates: needs are known, no cycles, the directories exist.
        assertThat(GatePlan.of(specs).checks()).hasSize(specs.size());
    }

    @Test
    void unknownBuiltinIsBadInput() {
        assertThatThrownBy(() -> GateFile.builtin("../etc", repo, ENGINE, DEFAULT))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--builtin: no built-in gate named '../etc'");
    }
}
