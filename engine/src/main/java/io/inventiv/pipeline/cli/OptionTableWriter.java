package io.inventiv.pipeline.cli;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Build step (run by Maven at process-classes): generates {@link OptionTable#GENERATED_CLASS},
 * the table of every command's options that {@link FastArgs} binds without picocli (compiled by
 * a second javac run, pom.xml says when). Reading picocli's
 * annotations at run time costs ~80 ms per engine start (annotation proxies, picocli's model in
 * the interpreter); reading them here, once, costs nothing at run time.
 *
 * <p>A command gets a table only when every option uses what FastArgs implements (plain names,
 * the field types below, literal defaults); the others keep picocli alone.
 * The table is checked against picocli's own model of each command, so an option picocli knows
 * and the table does not fails the build instead of being silently ignored.
 */
public final class OptionTableWriter {

    static final Set<Class<?>> SCALAR_TYPES = Set.of(String.class, Path.class, boolean.class, Boolean.class,
            int.class, Integer.class, long.class, Long.class);

    /** What picocli's annotations hold when no default is declared. */
    private static final String NO_DEFAULT = "__no_default_value__";

    private OptionTableWriter() {
    }

    /** Writes the Java source of {@link OptionTable#GENERATED_CLASS} under the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        String name = OptionTable.GENERATED_CLASS;
        Path out = Path.of(args[0]).resolve(name.replace('.', '/') + ".java");
        Files.createDirectories(out.getParent());
        Files.writeString(out, javaSource(name, table()), StandardCharsets.UTF_8);
    }

    /** A class holding {@code table} as the string constant TABLE (javac folds the lines into one). */
    static String javaSource(String className, String table) {
        int dot = className.lastIndexOf('.');
        StringBuilder b = new StringBuilder("// Generated at build time by OptionTableWriter from the picocli annotations; do not edit.\n")
                .append("package ").append(className, 0, dot).append(";\n\n")
                .append("final class ").append(className.substring(dot + 1)).append(" {\n")
                .append("    static final String TABLE = \"\"");
        for (String line : table.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            b.append("\n            + \"");
            for (char c : (line + "\n").toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.append(";\n\n    private ").append(className.substring(dot + 1)).append("() {\n    }\n}\n").toString();
    }

    /** The whole table, one block of lines per command, in Main's order. */
    static String table() {
        StringBuilder b = new StringBuilder("# generated at build time by OptionTableWriter; do not edit\n");
        for (String name : Main.COMMANDS) {
            Object command = Main.newCommand(name);
            if (!(command instanceof EngineCommand)) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            String unsupported = collect(command.getClass(), "", rows);
            if (unsupported == null) {
                unsupported = crossCheck(name, rows);
            }
            if (unsupported != null) {
                b.append(name).append("\tpicocli\t").append(unsupported).append('\n');
                continue;
            }
            for (String row : rows) {
                b.append(name).append('\t').append(row).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Rows "option|positional TAB names-or-index TAB mixin-path TAB field TAB required TAB
     * =default (empty when none)" for the fields of {@code type} and its mixins; returns why the
     * command cannot be bound without picocli, or null.
     */
    private static String collect(Class<?> type, String mixinPath, List<String> rows) {
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                    String why = collect(f.getType(), mixinPath.isEmpty() ? f.getName() : mixinPath + "." + f.getName(), rows);
                    if (why != null) {
                        return why;
                    }
                } else if (f.isAnnotationPresent(Option.class)) {
                    Option o = f.getAnnotation(Option.class);
                    if (o.usageHelp() || o.versionHelp()) {
                        continue;
                    }
                    String why = o.negatable() ? f.getName() + " is negatable"
                            : unsupported(f, o.arity(), o.split(), o.converter().length, o.defaultValue(), o.interactive());
                    if (why != null) {
                        return why;
                    }
                    rows.add(String.join("\t", "option", String.join(",", o.names()), dash(mixinPath), f.getName(),
                            flag(o.required()), defaultOf(o.defaultValue())));
                } else if (f.isAnnotationPresent(Parameters.class)) {
                    Parameters p = f.getAnnotation(Parameters.class);
                    if (!p.index().matches("\\d+")) {
                        return "positional " + f.getName() + " has index " + p.index();
                    }
                    String why = unsupported(f, p.arity(), p.split(), p.converter().length, p.defaultValue(), p.interactive());
                    if (why != null) {
                        return why;
                    }
                    rows.add(String.join("\t", "positional", p.index(), dash(mixinPath), f.getName(),
                            "1", defaultOf(p.defaultValue())));
                } else if (f.isAnnotationPresent(CommandLine.ArgGroup.class) || f.isAnnotationPresent(CommandLine.Spec.class)
                        || f.isAnnotationPresent(CommandLine.ParentCommand.class) || f.isAnnotationPresent(CommandLine.Unmatched.class)) {
                    return "field " + f.getName() + " needs picocli's model";
                }
            }
        }
        return null;
    }

    private static String unsupported(Field f, String arity, String split, int converters, String defaultValue, boolean interactive) {
        if (!arity.isEmpty() || !split.isEmpty() || converters > 0 || interactive) {
            return f.getName() + " uses arity, split, a converter or interactive input";
        }
        if (defaultValue.contains("${") || defaultValue.contains("\t") || defaultValue.contains("\n")
                || Option.NULL_VALUE.equals(defaultValue)) {
            return f.getName() + " has a default with variables";
        }
        if (!supportedType(f)) {
            return f.getName() + " has type " + f.getGenericType().getTypeName();
        }
        return null;
    }

    static boolean supportedType(Field f) {
        Class<?> t = f.getType();
        if (SCALAR_TYPES.contains(t) || t.isEnum()) {
            return true;
        }
        Type g = f.getGenericType();
        if (!(g instanceof ParameterizedType p)) {
            return false;
        }
        Type[] a = p.getActualTypeArguments();
        return (t == List.class && a.length == 1 && a[0] == String.class)
                || (t == Map.class && a.length == 2 && a[0] == String.class && a[1] == String.class);
    }

    /** Every option and positional picocli sees must be in the rows, and nothing else. */
    private static String crossCheck(String command, List<String> rows) {
        CommandLine cl = Main.commandLine(command).getSubcommands().get(command);
        List<ArgSpec> args = new ArrayList<>();
        cl.getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).forEach(args::add);
        args.addAll(cl.getCommandSpec().positionalParameters());
        if (args.size() != rows.size()) {
            throw new IllegalStateException("option table of '" + command + "' has " + rows.size()
                    + " entries but picocli sees " + args.size() + ": a new kind of option declaration?");
        }
        return null;
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    private static String defaultOf(String picocliDefault) {
        return NO_DEFAULT.equals(picocliDefault) ? "" : "=" + picocliDefault;
    }
}
