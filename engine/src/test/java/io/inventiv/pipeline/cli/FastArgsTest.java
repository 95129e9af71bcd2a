package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * FastArgs must bind exactly what picocli binds, or step aside. Every command of the build-time
 * table is parsed both ways, with every option given, and with only the required ones (defaults).
 */
class FastArgsTest {

    @Test
    void theBuildTimeTableIsTheOneTheCurrentAnnotationsGive() {
        String packaged = OptionTable.generatedTable();
        assertThat(packaged).isEqualTo(OptionTableWriter.table());
    }

    @Test
    void everyEngineCommandIsInTheTableOrLeftToPicocliWithAReason() {
        String table = OptionTableWriter.table();
        for (String name : Main.COMMANDS) {
            if (Main.newCommand(name) instanceof EngineCommand) {
                assertThat(table).as(name).containsPattern("(?m)^" + name + "\t(option|positional|picocli)\t");
            }
        }
        // negatable flags are picocli's alone: their meaning depends on the declared default
        assertThat(table).contains("build\tpicocli\tregistryCache is negatable");
        assertThat(OptionTable.of("build")).isNull();
        assertThat(OptionTable.of("promote")).isNotNull();
    }

    @Test
    void everyOptionOfEveryCommandBindsAsPicocliBindsIt() throws Exception {
        int commands = 0;
        for (String name : Main.COMMANDS) {
            OptionTable table = OptionTable.of(name);
            if (table == null) {
                continue;
            }
            commands++;
            List<String> all = argv(name, table, true);
            assertSameBinding(name, table, all);
            assertSameBinding(name, table, argv(name, table, false));
        }
        assertThat(commands).isGreaterThanOrEqualTo(14);
    }

    @Test
    void promoteIsBoundWithoutPicocli() {
        String digest = "sha256:" + "a".repeat(64);
        PromoteCommand c = (PromoteCommand) FastArgs.bind(new String[] {"promote", "--source", "r.io/a@" + digest,
                "--source=r.io/b:1", "--tag", "staging", "--json", "--timeout", "30s"});
        assertThat(c).isNotNull();
        assertThat(c.sources).containsExactly("r.io/a@" + digest, "r.io/b:1");
        assertThat(c.tag).isEqualTo("staging");
        assertThat(c.jsonOutput()).isTrue();
    }

    @Test
    void anythingUnusualIsLeftToPicocli() {
        String[][] cases = {
            {},
            {"promote", "--help"},
            {"promote", "-h", "--source", "a:1", "--tag", "t"},
            {"promote", "--version"},
            {"promote", "--source", "a:1"},                              // required --tag missing
            {"promote", "--source", "a:1", "--tag", "t", "--tag", "u"},  // single option twice
            {"promote", "--source", "a:1", "--tag", "t", "--frobnicate"},
            {"promote", "--source", "a:1", "--tag"},                     // value missing
            {"promote", "--source", "a:1", "--tag", "-t"},               // value looks like an option
            {"promote", "--source", "a:1", "--tag", "t", "--json=true"},
            {"promote", "--source", "a:1", "--tag", "t", "extra"},        // no positional declared
            {"promote", "@args.txt"},
            {"promote", "--", "--source"},
            {"digest"},                                                   // positional missing
            {"digest", "a:1", "b:2"},
            {"build", "--repository", "r.io/a"},                          // not in the table
            {"help"},
            {"frobnicate"},
        };
        for (String[] args : cases) {
            assertThat(FastArgs.bind(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void aFastBoundCommandFailsLikeAPicocliOne() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            assertThat(Main.execute("promote", "--source", "Not/Valid", "--tag", "t")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).startsWith("promote: --source:").doesNotContain("\tat ");
    }

    private static void assertSameBinding(String name, OptionTable table, List<String> args) throws Exception {
        String[] argv = args.toArray(String[]::new);
        EngineCommand fast = FastArgs.bind(argv);
        assertThat(fast).as("FastArgs binds: " + args).isNotNull();
        CommandLine cl = Main.commandLine(name).setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(argv);
        Object slow = cl.getSubcommands().get(name).getCommand();
        for (OptionTable.Arg a : table.args()) {
            assertThat(valueOf(fast, a)).as(name + " " + a.field() + " for " + args).isEqualTo(valueOf(slow, a));
        }
    }

    /** Every option once (lists and maps twice, half in --name=value form), or only the required ones. */
    private static List<String> argv(String name, OptionTable table, boolean everything) throws Exception {
        List<String> out = new ArrayList<>(List.of(name));
        Class<?> commandType = Main.newCommand(name).getClass();
        int n = 0;
        for (OptionTable.Arg a : table.args()) {
            if (a.positional() || !(everything || a.required())) {
                continue;
            }
            Class<?> type = declaringType(commandType, a);
            String option = a.names().get(n++ % a.names().size());
            boolean inline = option.startsWith("--") && n % 2 == 0;
            if (type == boolean.class || type == Boolean.class) {
                out.add(option);
                continue;
            }
            for (String v : values(type, a.field())) {
                if (inline) {
                    out.add(option + "=" + v);
                } else {
                    out.add(option);
                    out.add(v);
                }
            }
        }
        for (OptionTable.Arg a : table.args()) {
            if (a.positional()) {
                out.add("positional-" + a.index());
            }
        }
        return out;
    }

    private static List<String> values(Class<?> type, String field) {
        if (type == List.class) {
            return List.of("one-" + field, "two-" + field);
        }
        if (type == Map.class) {
            return List.of("K1=v1", "K2=v=2");
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return List.of("7");
        }
        if (type.isEnum()) {
            return List.of(((Enum<?>) type.getEnumConstants()[type.getEnumConstants().length - 1]).name().toLowerCase());
        }
        if (type == Path.class) {
            return List.of("dir/" + field);
        }
        return List.of("value-of-" + field);
    }

    /** The type of the field an argument binds to, found through the declared mixin field types. */
    private static Class<?> declaringType(Class<?> commandType, OptionTable.Arg a) throws Exception {
        Class<?> k = commandType;
        if (!a.mixin().isEmpty()) {
            for (String step : a.mixin().split("\\.")) {
                k = field(k, step).getType();
            }
        }
        return field(k, a.field()).getType();
    }

    private static Object valueOf(Object command, OptionTable.Arg a) throws Exception {
        Object owner = owner(command, a);
        return field(owner.getClass(), a.field()).get(owner);
    }

    private static Object owner(Object command, OptionTable.Arg a) throws Exception {
        Object o = command;
        if (!a.mixin().isEmpty()) {
            for (String step : a.mixin().split("\\.")) {
                o = field(o.getClass(), step).get(o);
            }
        }
        return o;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        return FastArgs.field(type, name);
    }
}
