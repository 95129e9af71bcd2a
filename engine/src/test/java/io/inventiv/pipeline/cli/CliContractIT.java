package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/** The exit-code and output contract of docs/cli.md, checked on the packaged jar. */
class CliContractIT {

    @Test
    void versionPrintsTheEngineVersion() {
        Result r = EngineProcess.run(null, null, "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("inventiv-pipeline ");
    }

    @Test
    void unknownCommandIsBadInputWithOneLine() {
        Result r = EngineProcess.run(null, null, "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownOptionWithJsonAlsoPrintsAJsonError() {
        Result r = EngineProcess.run(null, null, "digest", "--json", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).contains("\"exitCode\":2").contains("\"error\":");
    }
}
