package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.cli.CheckLockfileCommand;
import io.inventiv.pipeline.cli.CheckMigrationsCommand;
import io.inventiv.pipeline.cli.CheckVersionsCommand;
import io.inventiv.pipeline.cli.GateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/gate.md documents every flag of the gate commands, so the docs cannot drift from the code. */
class GateDocsTest {

    @Test
    void everyFlagOfTheGateCommandsIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("docs/gate.md"));
        for (Object command : List.of(new GateCommand(), new CheckVersionsCommand(), new CheckMigrationsCommand(),
                new CheckLockfileCommand())) {
            CommandLine.Model.CommandSpec spec = new CommandLine(command).getCommandSpec();
            assertThat(docs).as("command %s", spec.name()).contains("## `" + spec.name() + "`");
            for (OptionSpec o : spec.options()) {
                assertThat(docs).as("%s %s", spec.name(), o.longestName()).contains(o.longestName());
            }
        }
    }
}
