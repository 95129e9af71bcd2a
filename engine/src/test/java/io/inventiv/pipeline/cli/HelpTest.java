package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's --help shows real defaults, marks required options and ends with the exit codes. */
class HelpTest {
    private static final Pattern UPPER_CASE_DEFAULT = Pattern.compile("default:? [A-Z][A-Z_]+\\)");

    @Test
    void everyCommandsHelpIsComplete() {
        int checked = 0;
        for (String name : Main.COMMANDS) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine cl = Main.commandLine(name).getSubcommands().get(name);
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as(name + " --help").doesNotContain("=<").doesNotContain("default: null")
                    .doesNotContain("${").endsWith(String.join(System.lineSeparator(), Main.EXIT_CODES)
                            .substring(System.lineSeparator().length()) + System.lineSeparator());
            assertThat(UPPER_CASE_DEFAULT.matcher(help).find()).as(name + ": an enum default in upper case\n" + help).isFalse();
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.required()) {
                    assertThat(o.description()[0]).as(name + " " + o.longestName() + " says it is required").startsWith("Required.");
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(Main.COMMANDS.size() - 1);
    }

    @Test
    void theTopLevelHelpEndsWithTheExitCodesToo() {
        assertThat(Main.commandLine(null).getUsageMessage(CommandLine.Help.Ansi.OFF)).contains("Exit codes:")
                .contains("  3  deploy, rollback");
    }
}
