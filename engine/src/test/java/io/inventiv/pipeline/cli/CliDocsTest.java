package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.deploy.DeployTimeouts;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md lists every option of every command (from the picocli annotations) and the code's defaults. */
class CliDocsTest {
    private static String docs() throws IOException {
        return Files.readString(Path.of("docs/cli.md"));
    }

    @Test
    void everyOptionOfEveryCommandIsInItsSection() throws IOException {
        String docs = docs();
        for (String name : Main.COMMANDS) {
            if (name.equals("help")) {
                continue;
            }
            String heading = "### `" + name + "`\n";
            assertThat(docs).as("docs/cli.md has a section for " + name).contains(heading);
            int start = docs.indexOf(heading);
            int end = docs.indexOf("\n### ", start + heading.length());
            String section = docs.substring(start, end < 0 ? docs.length() : end);
            CommandLine cl = Main.commandLine(name).getSubcommands().get(name);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                assertThat(section).as("docs/cli.md, " + name + ": " + o.longestName()).contains("| `" + o.longestName());
            }
        }
    }

    @Test
    void theDefaultsTableIsTheCodes() throws IOException {
        String docs = docs();
        for (Map.Entry<String, Duration> e : DeployTimeouts.DEFAULTS.entrySet()) {
            assertThat(docs).contains("| `" + e.getKey() + "` | `" + Durations.format(e.getValue()) + "` |");
        }
        assertThat(docs).contains("longer than **" + Durations.format(Durations.MAX) + "**");
    }

    @Test
    void theExitCodesAreTheHelpFootersOnes() throws IOException {
        String docs = docs();
        for (String code : new String[] {"0", "1", "2", "3"}) {
            assertThat(docs).contains("| `" + code + "` |");
            assertThat(String.join("\n", Main.EXIT_CODES)).contains("  " + code + "  ");
        }
    }
}
