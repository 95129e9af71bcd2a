package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class MainTest {

    @Test
    void aKnownCommandGetsOnlyItsOwnModel() {
        CommandLine cl = Main.commandLine("promote");
        assertThat(cl.getSubcommands()).containsOnlyKeys("promote");
    }

    @Test
    void helpAndUnknownWordsSeeEveryCommand() {
        assertThat(Main.commandLine("help").getSubcommands().keySet()).containsExactlyElementsOf(Main.COMMANDS);
        assertThat(Main.commandLine("frobnicate").getSubcommands()).hasSameSizeAs(Main.COMMANDS);
        assertThat(Main.commandLine(null).getSubcommands()).hasSameSizeAs(Main.COMMANDS);
    }

    @Test
    void aGateMayRunEveryEngineCommandButGateAndHelp() {
        assertThat(io.inventiv.pipeline.gate.EngineInvocation.COMMANDS)
                .containsExactlyElementsOf(Main.COMMANDS.stream().filter(c -> !c.equals("gate") && !c.equals("help")).toList());
    }

    @Test
    void everyCommandNameMatchesItsAnnotation() {
        for (String name : Main.COMMANDS) {
            assertThat(new CommandLine(Main.newCommand(name)).getCommandName()).isEqualTo(name);
        }
        assertThat(Main.newCommand("frobnicate")).isNull();
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String name : Main.COMMANDS) {
            if (!name.equals("help")) {
                java.io.StringWriter out = new java.io.StringWriter();
                CommandLine cl = Main.commandLine(name);
                cl.setOut(new java.io.PrintWriter(out, true));
                assertThat(cl.execute(name, "--help")).as(name).isZero();
                assertThat(out.toString()).as(name).contains("Usage: inventiv-pipeline " + name);
            }
        }
    }
}
