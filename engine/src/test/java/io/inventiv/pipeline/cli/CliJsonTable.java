package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the success-JSON table of docs/cli.md ("| command | fields |"): per command (and
 * "command --plan"), the top-level field names and, for a field documented as
 * "(each `a`, `b`)", the field names of its items. So the docs and the tests cannot drift.
 */
public final class CliJsonTable {
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");
    /** "; with `--plan`: …" or "; with `--labels`: …": the success object of the command run with that flag. */
    private static final Pattern WITH_FLAG = Pattern.compile("; with `(--[a-z-]+)`: ");

    public record Shape(Set<String> fields, Map<String, Set<String>> nested) {
    }

    private CliJsonTable() {
    }

    public static Map<String, Shape> read(Path doc) throws IOException {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.equals("| command | fields |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (!shapes.isEmpty()) {
                    break;
                }
                continue;
            }
            String[] cells = line.split("\\|", -1);
            String fieldsCell = line.substring(line.indexOf('|', 1) + 1, line.lastIndexOf('|')).strip();
            Matcher with = WITH_FLAG.matcher(fieldsCell);
            boolean flagged = with.find();
            Shape plain = shape(flagged ? fieldsCell.substring(0, with.start()) : fieldsCell);
            Shape withFlag = flagged ? shape(fieldsCell.substring(with.end())) : null;
            Matcher command = NAME.matcher(cells[1]);
            while (command.find()) {
                shapes.put(command.group(1), plain);
                if (withFlag != null) {
                    shapes.put(command.group(1) + " " + with.group(1), withFlag);
                }
            }
        }
        if (shapes.isEmpty()) {
            throw new IllegalStateException(doc + " has no '| command | fields |' table");
        }
        return shapes;
    }

    /**
     * A success object's top-level fields are exactly the documented ones for {@code key} ("deploy"
     * or "deploy --plan"), and every item of a field documented as "(each …)" has exactly those fields.
     */
    public static void assertDocumented(Map<String, Shape> documented, String key, JsonNode json) {
        Shape shape = documented.get(key);
        assertThat(shape).as("docs/cli.md documents the JSON of " + key).isNotNull();
        assertThat(fields(json)).as(key + ": top-level fields vs docs/cli.md").isEqualTo(shape.fields());
        shape.nested().forEach((field, nestedFields) -> {
            JsonNode items = json.get(field);
            assertThat(items.isArray()).as(key + ": " + field + " is a list").isTrue();
            assertThat(items).as(key + ": " + field + " has an item to check").isNotEmpty();
            for (JsonNode item : items) {
                assertThat(fields(item)).as(key + ": " + field + "[] fields vs docs/cli.md").isEqualTo(nestedFields);
            }
        });
    }

    public static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** `a`, `b` (each `x`, `y`; a note), `c` ([page](page)): names outside parentheses, and each-lists. */
    private static Shape shape(String text) {
        Set<String> fields = new TreeSet<>();
        Map<String, Set<String>> nested = new LinkedHashMap<>();
        String last = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                int end = text.indexOf('`', i + 1);
                last = text.substring(i + 1, end);
                fields.add(last);
                i = end + 1;
            } else if (c == '(') {
                int depth = 0;
                int end = i;
                for (; end < text.length(); end++) {
                    depth += text.charAt(end) == '(' ? 1 : text.charAt(end) == ')' ? -1 : 0;
                    if (depth == 0) {
                        break;
                    }
                }
                String inside = text.substring(i + 1, end);
                if (inside.startsWith("each ") && last != null) {
                    String list = inside.contains(";") ? inside.substring(0, inside.indexOf(';')) : inside;
                    Set<String> names = new TreeSet<>();
                    Matcher m = NAME.matcher(list);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                    nested.put(last, names);
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return new Shape(fields, nested);
    }
}
