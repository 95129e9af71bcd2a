package io.inventiv.pipeline.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the value of one dotted key in a TOML file (e.g. {@code package.version} in a
 * Cargo.toml): table headers, dotted and quoted keys, basic and literal strings, comments.
 * Not a full TOML parser: values spanning several lines (arrays, multi-line strings) are
 * skipped over, and keys inside arrays of tables ({@code [[bin]]}) cannot be addressed.
 */
public final class TomlKeys {
    private TomlKeys() {
    }

    /** What a key holds: a string value, or the raw text of a value that is not a string. */
    public record Value(String text, boolean isString) {
    }

    public static Optional<Value> find(String toml, String dottedKey) {
        List<String> target = splitKey(dottedKey);
        List<String> table = new ArrayList<>();
        String closing = null; // what ends a multi-line value we are skipping
        int depth = 0;         // open brackets of a multi-line array we are skipping
        for (String raw : toml.split("\\R")) {
            String line = raw.strip();
            if (closing != null) {
                if (line.contains(closing)) {
                    closing = null;
                }
                continue;
            }
            if (depth > 0) {
                depth += brackets(stripComment(line));
                continue;
            }
            line = stripComment(line);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[[")) {
                table = null; // array of tables: its keys are not addressable by a dotted key
                continue;
            }
            if (line.startsWith("[")) {
                table = splitKey(line.substring(1, line.lastIndexOf(']')));
                continue;
            }
            int eq = indexOutsideQuotes(line, '=');
            if (eq < 0 || table == null) {
                continue;
            }
            List<String> key = new ArrayList<>(table);
            key.addAll(splitKey(line.substring(0, eq)));
            String value = line.substring(eq + 1).strip();
            if (key.equals(target)) {
                return Optional.of(parseValue(value));
            }
            if (value.startsWith("\"\"\"") && value.indexOf("\"\"\"", 3) < 0) {
                closing = "\"\"\"";
            } else if (value.startsWith("'''") && value.indexOf("'''", 3) < 0) {
                closing = "'''";
            } else if (value.startsWith("[")) {
                depth = Math.max(0, brackets(value));
            }
        }
        return Optional.empty();
    }

    private static Value parseValue(String value) {
        if (value.startsWith("\"") && !value.startsWith("\"\"\"")) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    return new Value(b.toString(), true);
                }
                if (c == '\\' && i + 1 < value.length()) {
                    char n = value.charAt(++i);
                    b.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    b.append(c);
                }
            }
        } else if (value.startsWith("'") && !value.startsWith("'''")) {
            int end = value.indexOf('\'', 1);
            if (end > 0) {
                return new Value(value.substring(1, end), true);
            }
        }
        return new Value(value, false);
    }

    private static List<String> splitKey(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : key.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else if (!Character.isWhitespace(c)) {
                cur.append(c);
            }
        }
        parts.add(cur.toString().strip());
        return parts;
    }

    private static String stripComment(String line) {
        int hash = indexOutsideQuotes(line, '#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static int indexOutsideQuotes(String line, char wanted) {
        return scanOutsideQuotes(line, c -> c == wanted);
    }

    /** Net count of '[' minus ']' outside quoted strings (an array still open when positive). */
    private static int brackets(String text) {
        int[] depth = {0};
        scanOutsideQuotes(text, c -> {
            depth[0] += c == '[' ? 1 : c == ']' ? -1 : 0;
            return false;
        });
        return depth[0];
    }

    /**
     * Visits each character outside TOML quoted strings ('literal' and "basic", with \ escapes
     * in basic ones); returns the index of the first one {@code stop} accepts, else -1.
     */
    private static int scanOutsideQuotes(String text, java.util.function.IntPredicate stop) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (stop.test(c)) {
                return i;
            }
        }
        return -1;
    }
}
