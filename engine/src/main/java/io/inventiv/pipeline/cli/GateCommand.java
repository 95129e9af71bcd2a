package io.inventiv.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.build.DockerTools;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.gate.CheckResult;
import io.inventiv.pipeline.gate.CheckSpec;
import io.inventiv.pipeline.gate.DockerRunCommand;
import io.inventiv.pipeline.gate.EngineInvocation;
import io.inventiv.pipeline.gate.GateFile;
import io.inventiv.pipeline.gate.GatePlan;
import io.inventiv.pipeline.gate.GateRunner;
import io.inventiv.pipeline.gate.JUnitXml;
import io.inventiv.pipeline.gate.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gate", description = "Run the CI checks in parallel and write a JUnit report.")
public final class GateCommand extends EngineCommand {
    static final String DEFAULT_FILE = "gate.yaml";

    @Option(names = "--gate-file", paramLabel = "FILE",
            description = "Gate file (YAML). Default: ./gate.yaml when no other source is given. Excludes --builtin.")
    Path file;

    @Option(names = "--builtin", paramLabel = "NAME", description = "A gate shipped with the engine: inventiv-agents. Excludes --gate-file.")
    String builtin;

    @Option(names = "--check", paramLabel = "NAME=COMMAND", description = "An extra check; COMMAND runs as sh -c. Repeatable.")
    List<String> checks = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", description = "Checks run at once. Default: number of cores.")
    Integer parallel;

    @Option(names = "--fail-fast", description = "Stop everything at the first failed check.")
    boolean failFast;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Timeout of checks that set none (e.g. 20m). Default: 30m.")
    String timeout;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here (for Jenkins' junit step).")
    Path junit;

    @Option(names = "--suite", paramLabel = "NAME", description = "Test suite and class name in the JUnit report. Default: gate.")
    String suite = "gate";

    @Override
    protected Object execute() {
        int n = parallel == null ? Runtime.getRuntime().availableProcessors() : parallel;
        if (n < 1) {
            throw UsageException.field("--parallel", n + " is not a number of checks", "give 1 or more");
        }
        OutputFile.check("--junit", junit);
        if (suite.isBlank()) {
            throw UsageException.field("--suite", "empty", "give a name, e.g. --suite gate");
        }
        GatePlan plan = GatePlan.of(specs());
        Instant startedAt = Instant.now();
        List<CheckResult> results = new GateRunner(new CommandRunner(), n, failFast, progress(), docker(plan)).run(plan);
        if (junit != null) {
            JUnitXml.write(junit, JUnitXml.render(suite, results, startedAt));
        }
        return new GateResult(results, junit == null ? null : junit.toString());
    }

    /** The docker client for checks that name an image (resolved as build resolves it); null when none does. */
    private static DockerRunCommand docker(GatePlan plan) {
        if (plan.checks().stream().noneMatch(c -> c.image() != null)) {
            return null;
        }
        return DockerRunCommand.forThisProcess(DockerTools.dockerBinary(null, System.getenv()));
    }

    private List<CheckSpec> specs() {
        Duration defaultTimeout = timeout == null ? io.inventiv.pipeline.exec.Command.DEFAULT_TIMEOUT
                : Durations.parse("--timeout", timeout);
        if (file != null && builtin != null) {
            throw UsageException.field("--builtin", "cannot be combined with --gate-file", "choose one gate; add checks with --check");
        }
        EngineInvocation engine = EngineInvocation.current();
        Path cwd = Path.of("").toAbsolutePath();
        List<CheckSpec> specs = new ArrayList<>();
        if (builtin != null) {
            specs.addAll(GateFile.builtin(builtin, cwd, engine, defaultTimeout));
        } else if (file != null) {
            specs.addAll(GateFile.read(file, engine, defaultTimeout));
        } else if (checks.isEmpty()) {
            if (!Files.isRegularFile(cwd.resolve(DEFAULT_FILE))) {
                throw UsageException.field("--gate-file", "no gate given and no ./" + DEFAULT_FILE + " here",
                        "give --gate-file FILE, --builtin inventiv-agents or --check NAME=COMMAND");
            }
            specs.addAll(GateFile.read(Path.of(DEFAULT_FILE), engine, defaultTimeout));
        }
        for (String c : checks) {
            specs.add(inline(c, cwd, defaultTimeout));
        }
        return specs;
    }

    private static CheckSpec inline(String pair, Path cwd, Duration timeout) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? "" : pair.substring(0, eq);
        String command = eq < 0 ? "" : pair.substring(eq + 1);
        if (eq <= 0 || command.isBlank() || !GateFile.validName(name)) {
            throw UsageException.field("--check", "'" + pair + "' is not NAME=COMMAND",
                    "e.g. --check 'unit=cargo test' (name: letters, digits, '.', '_', '-')");
        }
        return new CheckSpec(name, List.of("sh", "-c", command), cwd, Map.of(), timeout, List.of(), "--check " + name);
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        return SummaryTable.render(((GateResult) result).results);
    }

    @Override
    protected int exitCode(Object result) {
        return ((GateResult) result).isPassed() ? 0 : 1;
    }

    /** The JSON shape of docs/gate.md: checks (name, status, durationMs, exitCode, reason, image), passed, junit. */
    @JsonPropertyOrder({"checks", "passed", "junit"})
    static final class GateResult {
        private final List<CheckResult> results;
        private final String junit;

        GateResult(List<CheckResult> results, String junit) {
            this.results = results;
            this.junit = junit;
        }

        public List<Map<String, Object>> getChecks() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (CheckResult r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("status", r.status().json());
                m.put("durationMs", r.duration().toMillis());
                m.put("exitCode", r.exitCode());
                m.put("reason", r.reason());
                m.put("image", r.image());
                out.add(m);
            }
            return out;
        }

        public boolean isPassed() {
            return results.stream().allMatch(CheckResult::passed);
        }

        public String getJunit() {
            return junit;
        }
    }
}
