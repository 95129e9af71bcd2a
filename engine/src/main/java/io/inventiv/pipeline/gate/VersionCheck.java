package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.inventiv.pipeline.UsageException;

/**
 * The agent-version check: several files must carry the same version. A missing file, key or
 * match is bad input (exit 2); versions that differ are a failed check (exit 1). Versions are
 * compared as written, after trimming whitespace.
 */
public final class VersionCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SOURCE_KEYS = Set.of("path", "toml", "json", "regex");

    public record Found(String path, String kind, String selector, String version) {
    }

    /**
     * @param versions each version found and where, in the order the sources were given
     * @param agree    every source carries the same version
     * @param version  that version when they agree, else null
     */
    public record Report(List<Found> versions, boolean agree, String version) {
    }

    public Report check(Path baseDir, List<VersionSource> sources) {
        if (sources.size() < 2) {
            throw UsageException.field("--toml/--json-key/--regex", sources.isEmpty() ? "no version sources"
                    : "only one version source: nothing to compare", "give at least two, or --config FILE");
        }
        List<Found> found = new ArrayList<>();
        for (VersionSource s : sources) {
            found.add(new Found(s.path(), s.kind().json(), s.selector(), read(baseDir, s)));
        }
        boolean agree = found.stream().map(Found::version).distinct().count() == 1;
        return new Report(List.copyOf(found), agree, agree ? found.get(0).version() : null);
    }

    /** Reads the sources of a versions file (format in docs/gate.md). */
    public static List<VersionSource> readConfig(Path file) {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw UsageException.field("--config", file + " does not exist or is not a file",
                    "give the path of the versions file, e.g. --config .inventiv/versions.yaml");
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw UsageException.field(where, io.inventiv.pipeline.yaml.YamlSyntax.oneLine(e), "fix the syntax (docs/gate.md shows the format)");
        } catch (IOException e) {
            throw UsageException.field("--config", file + " cannot be read (" + e.getClass().getSimpleName() + ")",
                    "give the path of the versions file, e.g. --config .inventiv/versions.yaml");
        }
        JsonNode list = root == null ? null : root.get("sources");
        if (list == null || !list.isArray() || root.size() != 1) {
            throw UsageException.field(where + ": sources", "expected a mapping with only a 'sources' list",
                    "see docs/gate.md for the format");
        }
        List<VersionSource> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(source(list.get(i), where + ": sources[" + i + "]"));
        }
        return out;
    }

    private static VersionSource source(JsonNode node, String where) {
        if (!node.isObject()) {
            throw UsageException.field(where, "expected a mapping", "give path and one of toml, json, regex");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!SOURCE_KEYS.contains(key)) {
                throw UsageException.field(where + "." + key, "unknown key", "expected path and one of toml, json, regex");
            }
        }
        JsonNode path = node.get("path");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            throw UsageException.field(where + ".path", "missing", "give the file, relative to the repository root");
        }
        List<String> kinds = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("path")) {
                kinds.add(k);
            }
        });
        if (kinds.size() != 1 || !node.get(kinds.get(0)).isValueNode() || node.get(kinds.get(0)).asText().isEmpty()) {
            throw UsageException.field(where, "give exactly one of toml, json or regex", "e.g. toml: package.version");
        }
        VersionSource.Kind kind = VersionSource.Kind.valueOf(kinds.get(0).toUpperCase(java.util.Locale.ROOT));
        return new VersionSource(path.asText(), kind, node.get(kinds.get(0)).asText(), where);
    }

    private static String read(Path baseDir, VersionSource s) {
        Path file = baseDir.resolve(s.path());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UsageException.field(s.origin(), file + " does not exist or cannot be read",
                    "fix the path (relative to " + baseDir + ")");
        }
        String version = switch (s.kind()) {
            case TOML -> toml(text, s);
            case JSON -> json(text, s);
            case REGEX -> regex(text, s);
        };
        if (version.isBlank()) {
            throw UsageException.field(s.origin(), s.path() + ": the version at " + s.selector() + " is empty",
                    "write the version there");
        }
        return version.strip();
    }

    private static String toml(String text, VersionSource s) {
        TomlKeys.Value v = TomlKeys.find(text, s.selector()).orElse(null);
        boolean inherited = (v != null && v.text().contains("workspace"))
                || TomlKeys.find(text, s.selector() + ".workspace").isPresent();
        if (inherited) {
            throw UsageException.field(s.origin(), s.path() + ": " + s.selector() + " is inherited from the workspace",
                    "point at the workspace Cargo.toml's workspace.package.version instead");
        }
        if (v == null) {
            throw UsageException.field(s.origin(), s.path() + " has no key " + s.selector(),
                    "give the dotted TOML key of the version, e.g. package.version");
        }
        if (!v.isString()) {
            throw UsageException.field(s.origin(), s.path() + ": " + s.selector() + " is not a string (" + v.text() + ")",
                    "point at a key holding the version string");
        }
        return v.text();
    }

    private static String json(String text, VersionSource s) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw UsageException.field(s.origin(), s.path() + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", "fix the file");
        }
        for (String part : s.selector().split("\\.")) {
            node = node == null ? null : node.isArray() && part.matches("\\d+") ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw UsageException.field(s.origin(), s.path() + " has no value at " + s.selector(),
                    "give the dotted JSON key of the version, e.g. version");
        }
        return node.asText();
    }

    private static String regex(String text, VersionSource s) {
        Pattern p;
        try {
            p = Pattern.compile(s.selector(), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw UsageException.field(s.origin(), "'" + s.selector() + "' is not a valid regular expression ("
                    + e.getDescription() + ")", "fix the expression");
        }
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw UsageException.field(s.origin(), s.path() + " has no match for " + s.selector(),
                    "fix the expression or the file");
        }
        String version = namedGroups(p).containsKey("version") ? m.group("version")
                : m.groupCount() > 0 ? m.group(1) : m.group();
        return version == null ? "" : version;
    }

    private static Map<String, Integer> namedGroups(Pattern p) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher names = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(p.pattern());
        int i = 0;
        while (names.find()) {
            out.put(names.group(1), ++i);
        }
        return out;
    }
}
