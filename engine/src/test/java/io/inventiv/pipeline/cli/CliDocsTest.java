package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** Each row of "One name, one meaning" names exactly the commands that have the option. */
    @Test
    void theOneNameOneMeaningTableNamesExactlyTheCommandsWithEachOption() throws IOException {
        String docs = docs();
        int start = docs.indexOf("## One name, one meaning\n");
        assertThat(start).as("docs/cli.md has the table").isNotNegative();
        List<String> rows = docs.substring(start).lines().skip(1).dropWhile(String::isBlank).takeWhile(l -> l.startsWith("|"))
                .skip(2).toList();
        assertThat(rows).as("rows of the table").hasSizeGreaterThan(10);
        for (String row : rows) {
            String[] cells = row.split(" \\| ");
            String option = cells[0].substring(cells[0].indexOf('`') + 1).split("[ `]")[0];
            String where = cells[cells.length - 1].replaceAll(" *\\|$", "").trim();
            Set<String> documented = where.equals("every command") ? commands() : new TreeSet<>(List.of(where.split(", ")));
            assertThat(documented).as("docs/cli.md: where " + option + " is").isEqualTo(commandsWith(option));
        }
    }

    private static Set<String> commands() {
        Set<String> names = new TreeSet<>(Main.COMMANDS);
        names.remove("help");
        return names;
    }

    private static Set<String> commandsWith(String option) {
        Set<String> with = new TreeSet<>();
        for (String name : commands()) {
            CommandLine cl = Main.commandLine(name).getSubcommands().get(name);
            if (cl.getCommandSpec().findOption(option) != null) {
                with.add(name);
            }
        }
        return with;
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
