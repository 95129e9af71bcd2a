package io.inventiv.pipeline.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a plain, valid argument list to its command's fields from the build-time
 * {@link OptionTable}, without starting picocli (~80 ms of every engine run, which the pipeline
 * pays on every step).
 *
 * <p>It only handles what it can handle exactly as picocli would: {@code --name value},
 * {@code --name=value}, flags, positionals, literal defaults. Anything else (help, version, an unknown or repeated option, a missing required
 * option, a value picocli would reject or read differently) returns null, and picocli parses the
 * arguments as usual and writes its own help or error. {@code FastArgsTest} checks every
 * command against picocli.
 */
final class FastArgs {

    private FastArgs() {
    }

    /** The command with its fields set, or null when picocli must parse {@code args}. */
    static EngineCommand bind(String[] args) {
        if (args.length == 0 || !Main.COMMANDS.contains(args[0])) {
            return null;
        }
        OptionTable table = OptionTable.of(args[0]);
        if (table == null) {
            return null;
        }
        try {
            return bind(table, (EngineCommand) Main.newCommand(args[0]), args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // picocli will parse, and report whatever is wrong in its own words
        }
    }

    private static EngineCommand bind(OptionTable table, EngineCommand command, String[] args)
            throws ReflectiveOperationException {
        Map<String, OptionTable.Arg> byName = new HashMap<>();
        List<OptionTable.Arg> positionals = new ArrayList<>();
        for (OptionTable.Arg a : table.args()) {
            if (a.positional()) {
                positionals.add(a);
            }
            for (String n : a.names()) {
                byName.put(n, a);
            }
        }
        // by identity: a record's first hashCode() bootstraps ObjectMethods, ~30 ms in a fresh JVM
        Set<OptionTable.Arg> given = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> values = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String token = args[i];
            if (token.startsWith("@")) {
                return null; // picocli reads @FILE as more arguments
            }
            if (!token.startsWith("-")) {
                values.add(token);
                continue;
            }
            String name = token;
            String inline = null;
            int eq = token.indexOf('=');
            if (token.startsWith("--") && eq > 0) {
                name = token.substring(0, eq);
                inline = token.substring(eq + 1);
            }
            OptionTable.Arg arg = byName.get(name);
            if (arg == null) {
                return null;
            }
            Target t = target(command, arg);
            boolean multi = List.class.isAssignableFrom(t.field.getType()) || Map.class.isAssignableFrom(t.field.getType());
            if (!given.add(arg) && !multi) {
                return null; // picocli: "should be specified only once"
            }
            Class<?> type = t.field.getType();
            if (type == boolean.class || type == Boolean.class) {
                if (inline != null) {
                    return null;
                }
                t.field.set(t.owner, true);
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                    return null;
                }
                value = args[++i];
            }
            if (!store(t, value)) {
                return null;
            }
        }
        if (values.size() != positionals.size()) {
            return null;
        }
        for (OptionTable.Arg p : positionals) {
            given.add(p);
            if (!store(target(command, p), values.get(p.index()))) {
                return null;
            }
        }
        for (OptionTable.Arg a : table.args()) {
            Target t = target(command, a); // creates a mixin picocli would create, even when unused
            if (given.contains(a)) {
                continue;
            }
            if (a.required()) {
                return null;
            }
            if (a.defaultValue() != null && !store(t, a.defaultValue())) {
                return null;
            }
        }
        return command;
    }

    /** The object holding the field (the command or one of its mixins) and the field itself. */
    private record Target(Object owner, Field field) {
    }

    private static Target target(Object command, OptionTable.Arg arg) throws ReflectiveOperationException {
        Object owner = command;
        if (!arg.mixin().isEmpty()) {
            for (String step : arg.mixin().split("\\.")) {
                Field f = field(owner.getClass(), step);
                Object next = f.get(owner);
                if (next == null) {
                    next = newInstance(f.getType());
                    f.set(owner, next);
                }
                owner = next;
            }
        }
        return new Target(owner, field(owner.getClass(), arg.field()));
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** The field named so, declared by the type or a supertype, made accessible. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }

    /**
     * Converts {@code value} as picocli's built-in converters do and stores it (appends, for
     * lists and maps); false when picocli might read it differently or reject it.
     */
    @SuppressWarnings("unchecked")
    private static boolean store(Target t, String value) throws ReflectiveOperationException {
        Class<?> type = t.field.getType();
        Object converted;
        if (type == String.class) {
            converted = value;
        } else if (type == Path.class) {
            converted = Path.of(value);
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (!value.matches("-?[0-9]{1,9}")) {
                return false;
            }
            long n = Long.parseLong(value);
            converted = (type == int.class || type == Integer.class) ? (Object) (int) n : (Object) n;
        } else if (type.isEnum()) {
            converted = null;
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                    converted = constant;
                }
            }
            if (converted == null) {
                return false;
            }
        } else if (type == List.class) {
            List<String> list = (List<String>) t.field.get(t.owner);
            if (list == null) {
                list = new ArrayList<>();
                t.field.set(t.owner, list);
            }
            list.add(value);
            return true;
        } else if (type == Map.class) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            Map<String, String> map = (Map<String, String>) t.field.get(t.owner);
            if (map == null) {
                map = new LinkedHashMap<>();
                t.field.set(t.owner, map);
            }
            map.put(value.substring(0, eq), value.substring(eq + 1));
            return true;
        } else {
            return false;
        }
        t.field.set(t.owner, converted);
        return true;
    }
}
