package io.inventiv.pipeline.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A profile string with {@code ${NAME}} references to profile variables, and {@code ${NAME|lower}}
 * for the lower-cased value (image repositories must be lowercase, GitHub owners need not be).
 * Nothing else is interpreted: no shell, no nesting, no defaults inside the braces.
 */
public final class Template {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(\\|lower)?}");

    private record Part(String literal, String variable, boolean lower) {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses the text; a {@code ${} that is not a reference is refused so typos do not pass silently. */
    static Template parse(String text, String where) {
        List<Part> parts = new ArrayList<>();
        Matcher m = REF.matcher(text);
        int at = 0;
        while (m.find()) {
            addLiteral(parts, text.substring(at, m.start()), where);
            parts.add(new Part(null, m.group(1), m.group(2) != null));
            at = m.end();
        }
        addLiteral(parts, text.substring(at), where);
        return new Template(text, List.copyOf(parts));
    }

    private static void addLiteral(List<Part> parts, String literal, String where) {
        if (literal.contains("${")) {
            throw ProfileLoader.problem(where, "'${' that is not a ${NAME} or ${NAME|lower} reference",
                    "write references as ${NAME} with a declared variable name");
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal, null, false));
        }
    }

    /** The variable names this template refers to, in order. */
    public Set<String> references() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p.variable() != null) {
                names.add(p.variable());
            }
        }
        return names;
    }

    /** The text with every reference replaced, or null when a referenced variable has no value. */
    public String resolve(Function<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p.literal() != null) {
                out.append(p.literal());
                continue;
            }
            String v = values.apply(p.variable());
            if (v == null) {
                return null;
            }
            out.append(p.lower() ? v.toLowerCase(Locale.ROOT) : v);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
