package io.inventiv.pipeline.yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.inventiv.pipeline.UsageException;

/**
 * One node of a YAML file the user wrote (profile, target file, gate file, image set), read
 * with its place in the file so every problem is one plain sentence naming {@code FILE: key}:
 * {@code keepReleases: expected a whole number ≥ 1, got "many"}. Never a Jackson or Java type
 * name: the user wrote YAML, not Java. Duplicate keys are refused. An absent key and a key with
 * no value ({@code key:}) read the same: absent.
 */
public final class YamlNode {
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

    private final String source;
    private final String path;
    private final JsonNode node;

    private YamlNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /**
     * Reads a file named by {@code flag}; a missing or unreadable file is that flag's problem, one
     * inside the file is {@code FILE: key}'s. The root must be a mapping.
     */
    public static YamlNode readFile(String flag, Path file, String format) {
        if (Files.isDirectory(file)) {
            throw UsageException.field(flag, file + " is a directory", "give the path of the " + format);
        }
        if (!Files.isRegularFile(file)) {
            throw UsageException.field(flag, "file " + file + " does not exist", "give the path of the " + format);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw UsageException.field(flag, file + " is not UTF-8 text", "save it as UTF-8 YAML");
        } catch (IOException e) {
            throw UsageException.field(flag, "cannot read " + file, "check its permissions");
        }
        return parse(file.toString(), text, format);
    }

    /** Parses YAML text whose problems are reported as {@code SOURCE: key}; the root must be a mapping. */
    public static YamlNode parse(String source, String text, String format) {
        JsonNode root;
        // A parser, not readValues: that would also iterate the items of a list at the top.
        try (JsonParser docs = YAML.createParser(text)) {
            root = docs.nextToken() == null ? null : YAML.readTree(docs);
            if (docs.nextToken() != null) {
                throw UsageException.field(source, "holds more than one YAML document (a second '---')",
                        "keep one document per file");
            }
        } catch (java.io.IOException e) {
            throw syntax(source, e, format);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw UsageException.field(source, "is empty", "write the " + format + " as a mapping of keys (see docs/)");
        }
        YamlNode top = new YamlNode(source, "", root);
        if (!root.isObject()) {
            throw UsageException.field(source, "expected a mapping of keys, got " + top.describe(),
                    "write the " + format + " as key: value lines (see docs/)");
        }
        return top;
    }

    private static UsageException syntax(String source, java.io.IOException e, String format) {
        if (e instanceof JsonParseException p) {
            Matcher m = DUPLICATE.matcher(String.valueOf(p.getOriginalMessage()));
            if (m.find()) {
                return UsageException.field(source + ": " + m.group(1), "given twice" + line(p), "keep one of the two");
            }
        }
        if (e instanceof JsonProcessingException j) {
            return UsageException.field(source, YamlSyntax.oneLine(j), "fix the syntax (see the " + format + " format in docs/)");
        }
        return UsageException.field(source, "cannot be read as YAML", "fix the syntax (see the " + format + " format in docs/)");
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** Where this node is, as the user reads the file: {@code gate.yaml: checks[0].name}, or the file alone. */
    public String where() {
        return path.isEmpty() ? source : source + ": " + path;
    }

    /** Where a key of this mapping is. */
    public String where(String key) {
        return source + ": " + child(key);
    }

    public String source() {
        return source;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A problem with this node, as the one-line bad-input error. */
    public UsageException problem(String problem, String fix) {
        return UsageException.field(where(), problem, fix);
    }

    /** A problem with one key of this mapping. */
    public UsageException problem(String key, String problem, String fix) {
        return UsageException.field(where(key), problem, fix);
    }

    public boolean isMapping() {
        return node.isObject();
    }

    public boolean isList() {
        return node.isArray();
    }

    public boolean isScalar() {
        return node.isValueNode() && !node.isNull();
    }

    /** Refuses a key that is not in {@code allowed}: a misspelled key must never be silently ignored. */
    public YamlNode onlyKeys(Collection<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw problem(key, "unknown key", "expected one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** True when the key is there with a value. */
    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The value of a key, or null when absent. */
    public YamlNode get(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : new YamlNode(source, child(key), v);
    }

    /** A scalar (text, number, true/false) as text, or null when absent. */
    public String text(String key) {
        YamlNode v = get(key);
        return v == null ? null : v.asText();
    }

    /** A scalar the file must give. */
    public String requiredText(String key, String fix) {
        String v = text(key);
        if (v == null || v.isBlank()) {
            throw problem(key, "missing", fix);
        }
        return v;
    }

    /** This node as one value; a list or a mapping here is refused. */
    public String asText() {
        if (!isScalar()) {
            throw problem("expected a single value, got " + describe(), "write a string or a number");
        }
        return node.asText();
    }

    /** A whole number in {@code [min, max]}, or null when absent; a quoted number ("3") counts. */
    public Integer wholeNumber(String key, int min, int max) {
        YamlNode v = get(key);
        return v == null ? null : v.asWholeNumber(min, max, range(min, max));
    }

    /** A TCP port 1–65535, or null when absent. */
    public Integer port(String key) {
        YamlNode v = get(key);
        return v == null ? null : v.asWholeNumber(1, 65535, "a port number from 1 to 65535");
    }

    private Integer asWholeNumber(int min, int max, String expected) {
        Long n = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            n = node.asLong();
        } else if (node.isTextual() && DIGITS.matcher(node.asText().strip()).matches()) {
            n = Long.parseLong(node.asText().strip());
        }
        if (n == null || n < min || n > max) {
            throw problem("expected " + expected + ", got " + describe(), "write e.g. " + key() + ": " + Math.max(min, 1));
        }
        return n.intValue();
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "a whole number ≥ " + min : "a whole number from " + min + " to " + max;
    }

    private String key() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** true/false (also yes/no, on/off), or null when absent. */
    public Boolean bool(String key) {
        YamlNode v = get(key);
        if (v == null) {
            return null;
        }
        if (v.node.isBoolean()) {
            return v.node.asBoolean();
        }
        String t = v.isScalar() ? v.node.asText() : "";
        switch (t) {
            case "true", "yes", "on": return true;
            case "false", "no", "off": return false;
            default: throw v.problem("expected true or false, got " + v.describe(), "write " + v.key() + ": true or false");
        }
    }

    /** The items of a list, or null when absent; anything else here is refused. */
    public List<YamlNode> list(String key) {
        YamlNode v = get(key);
        return v == null ? null : v.items();
    }

    /** This node's items; it must be a list. */
    public List<YamlNode> items() {
        if (!node.isArray()) {
            throw problem("expected a list, got " + describe(), "write it as [a, b] or as lines starting with '- '");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(source, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** A list of single values, or null when absent. */
    public List<String> texts(String key) {
        List<YamlNode> items = list(key);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items) {
            out.add(item.asText());
        }
        return out;
    }

    /** The entries of a mapping, in file order, or null when absent. */
    public Map<String, YamlNode> mapping(String key) {
        YamlNode v = get(key);
        return v == null ? null : v.entries();
    }

    /** This node's entries; it must be a mapping. A key without a value maps to null. */
    public Map<String, YamlNode> entries() {
        if (!node.isObject()) {
            throw problem("expected a mapping of key: value, got " + describe(), "write it as key: value lines under " + key() + ":");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().isNull() ? null : new YamlNode(source, child(e.getKey()), e.getValue()));
        }
        return out;
    }

    /** A mapping of key: single value, or null when absent. */
    public Map<String, String> textMap(String key) {
        Map<String, YamlNode> entries = mapping(key);
        if (entries == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        YamlNode at = get(key);
        entries.forEach((k, v) -> {
            if (v == null) {
                throw at.problem(k, "has no value", "give it a value or remove the key");
            }
            out.put(k, v.asText());
        });
        return out;
    }

    /** What the user wrote, for "got …": a quoted string, a number, or the kind of node. */
    String describe() {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            String t = node.asText();
            if (t.length() > 60) {
                t = t.substring(0, 57) + "...";
            }
            return "\"" + printable(t) + "\"";
        }
        return printable(node.asText());
    }

    private static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
