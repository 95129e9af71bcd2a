package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;

class GatePlanTest {
    @TempDir
    Path dir;

    private CheckSpec check(String name, String... needs) {
        return new CheckSpec(name, List.of("true"), dir, null, Duration.ofSeconds(5), List.of(needs),
                "gate.yaml: checks[" + name + "]");
    }

    @Test
    void acceptsADagInDeclarationOrder() {
        GatePlan plan = GatePlan.of(List.of(check("b", "a"), check("a"), check("c", "a", "b")));
        assertThat(plan.checks()).extracting(CheckSpec::name).containsExactly("b", "a", "c");
    }

    @Test
    void unknownNeedNamesTheFieldAndTheKnownChecks() {
        assertThatThrownBy(() -> GatePlan.of(List.of(check("a"), check("b", "bulid"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("gate.yaml: checks[b].needs: unknown check 'bulid'; name one of: a, b");
    }

    @Test
    void cycleIsReportedWithItsPath() {
        assertThatThrownBy(() -> GatePlan.of(List.of(check("a", "c"), check("b", "a"), check("c", "b"))))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("gate.yaml: checks[a].needs: cycle a → c → b → a");
    }

    @Test
    void aCheckNeedingItselfIsACycle() {
        assertThatThrownBy(() -> GatePlan.of(List.of(check("a", "a"))))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("gate.yaml: checks[a].needs: cycle a → a");
    }

    @Test
    void duplicateNamesAreRejected() {
        assertThatThrownBy(() -> GatePlan.of(List.of(check("a"), check("a"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'a' is already used by");
    }

    @Test
    void aPassEnvVariableTheEngineLacksIsRejectedBeforeAnythingRunsAndAnEmptyOneIsSet() {
        CheckSpec npm = new CheckSpec("npm-ci", List.of("true"), dir, null, Duration.ofSeconds(5), List.of(),
                "gate.yaml: checks[1]", null, List.of("CI_FLAG", "NPM_TOKEN"));

        assertThatThrownBy(() -> GatePlan.of(List.of(npm), java.util.Map.of("CI_FLAG", "1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("gate.yaml: checks[1].passEnv[1]: NPM_TOKEN is not set in the engine's environment; bind it"
                        + " around the gate (Jenkins: withCredentials), set it empty, or remove it from passEnv");
        assertThat(GatePlan.of(List.of(npm), java.util.Map.of("CI_FLAG", "1", "NPM_TOKEN", "")).checks()).hasSize(1);
    }

    @Test
    void missingDirectoryIsRejectedBeforeAnythingRuns() {
        CheckSpec lost = new CheckSpec("lint", List.of("true"), dir.resolve("frontend"), null, Duration.ofSeconds(5),
                List.of(), "gate.yaml: checks[3]");
        assertThatThrownBy(() -> GatePlan.of(List.of(lost)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("gate.yaml: checks[3].dir: " + dir.resolve("frontend") + " does not exist");
    }
}
