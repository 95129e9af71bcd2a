package io.inventiv.pipeline.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One command's options as {@link OptionTableWriter} recorded them from picocli's annotations at
 * build time: what {@link FastArgs} needs to bind an argument list without picocli.
 */
record OptionTable(String command, List<Arg> args) {

    /**
     * The class {@link OptionTableWriter} generates at build time with the table as one string
     * constant. A class, not a resource: the class comes from the class-data archive, while the
     * first resource read of a run opens the jar through the URL machinery (~6 ms of each start).
     */
    static final String GENERATED_CLASS = "io.inventiv.pipeline.cli.OptionTableData";

    /**
     * One option or positional parameter. {@code mixin} is the dotted path of @Mixin fields from
     * the command to the object declaring {@code field} (empty for the command itself);
     * {@code defaultValue} is null when the annotation declares none.
     */
    record Arg(boolean positional, List<String> names, int index, String mixin, String field,
               boolean required, String defaultValue) {
    }

    /** The table of {@code command}, or null when the command has none (picocli parses it). */
    static OptionTable of(String command) {
        String table = generatedTable();
        if (table == null) {
            return null;
        }
        List<Arg> args = new ArrayList<>();
        String prefix = command + "\t";
        try (BufferedReader r = new BufferedReader(new StringReader(table))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith(prefix)) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c[1].equals("picocli")) {
                    return null;
                }
                boolean positional = c[1].equals("positional");
                args.add(new Arg(positional, positional ? List.of() : List.of(c[2].split(",")),
                        positional ? Integer.parseInt(c[2]) : -1, c[3].equals("-") ? "" : c[3], c[4],
                        c[5].equals("1"), c[6].isEmpty() ? null : c[6].substring(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // every engine command has at least --json: no rows means the command is not in the table
        return args.isEmpty() ? null : new OptionTable(command, args);
    }

    /** The generated table, or null when the build did not generate it (then picocli parses). */
    static String generatedTable() {
        try {
            return (String) Class.forName(GENERATED_CLASS).getDeclaredField("TABLE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
