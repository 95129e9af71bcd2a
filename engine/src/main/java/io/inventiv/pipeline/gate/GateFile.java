package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.inventiv.pipeline.UsageException;

/**
 * Reads a gate file (YAML) into check specs. Every key is checked: a misspelled key is an error
 * naming it, never silently ignored. Relative {@code dir}s are resolved against {@code baseDir}.
 * The format is documented in docs/gate.md.
 */
public final class GateFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> TOP_KEYS = Set.of("checks", "timeout");
    private static final Set<String> CHECK_KEYS = Set.of("name", "command", "engine", "dir", "env", "timeout", "needs");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String source;
    private final Path baseDir;
    private final EngineInvocation engine;
    private final Duration defaultTimeout;

    public GateFile(String source, Path baseDir, EngineInvocation engine, Duration defaultTimeout) {
        this.source = source;
        this.baseDir = baseDir;
        this.engine = engine;
        this.defaultTimeout = defaultTimeout;
    }

    /** Reads a gate file from disk; relative dirs are resolved against the file's directory. */
    public static List<CheckSpec> read(Path file, EngineInvocation engine, Duration defaultTimeout) {
        if (!Files.isRegularFile(file)) {
            throw UsageException.field("--file", file + " does not exist or is not a file",
                    "give the path of the gate file (YAML), e.g. --file gate.yaml");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UsageException.field("--file", "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
        Path base = file.toAbsolutePath().getParent();
        return new GateFile(file.toString(), base, engine, defaultTimeout).parse(text);
    }

    /** Reads a gate shipped inside the engine ({@code --builtin NAME}); dirs are relative to {@code baseDir}. */
    public static List<CheckSpec> builtin(String name, Path baseDir, EngineInvocation engine, Duration defaultTimeout) {
        String resource = "/io/inventiv/pipeline/gates/" + name + ".yaml";
        try (InputStream in = GateFile.class.getResourceAsStream(resource)) {
            if (!NAME.matcher(name).matches() || in == null) {
                throw UsageException.field("--builtin", "no built-in gate named '" + name + "'",
                        "use --builtin inventiv-agents, or --file for your own gate");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new GateFile("builtin " + name, baseDir, engine, defaultTimeout).parse(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in gate " + name, e);
        }
    }

    /** Check names become JUnit test case names and log prefixes: letters, digits, '.', '_', '-'. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    public List<CheckSpec> parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw UsageException.field(source, YamlProblem.oneLine(e),
                    "fix the syntax (docs/gate.md shows the format)");
        }
        if (root == null || !root.isObject()) {
            throw UsageException.field(source, "expected a mapping with a 'checks' list", "see docs/gate.md for the format");
        }
        rejectUnknownKeys(root, TOP_KEYS, source + ":");
        Duration timeout = root.has("timeout")
                ? Durations.parse(source + ": timeout", scalar(root.get("timeout"), source + ": timeout"))
                : defaultTimeout;
        JsonNode checks = root.get("checks");
        if (checks == null || !checks.isArray() || checks.isEmpty()) {
            throw UsageException.field(source + ": checks", "missing or empty", "list at least one check with a name and a command");
        }
        List<CheckSpec> specs = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            specs.add(check(checks.get(i), source + ": checks[" + i + "]", timeout));
        }
        return specs;
    }

    private CheckSpec check(JsonNode node, String where, Duration defaultTimeout) {
        if (!node.isObject()) {
            throw UsageException.field(where, "expected a mapping", "give name and command (or engine)");
        }
        rejectUnknownKeys(node, CHECK_KEYS, where);
        String name = node.has("name") ? scalar(node.get("name"), where + ".name") : "";
        if (!NAME.matcher(name).matches()) {
            throw UsageException.field(where + ".name", name.isEmpty() ? "missing" : "'" + name + "' is not a valid name",
                    "use letters, digits, '.', '_' or '-' (it names the JUnit test case)");
        }
        if (node.has("command") == node.has("engine")) {
            throw UsageException.field(where + ".command", "give exactly one of 'command' or 'engine'",
                    "command: [argv...] or \"shell string\"; engine: [scan-keys]");
        }
        List<String> argv = node.has("command")
                ? command(node.get("command"), where + ".command")
                : engine.argv(strings(node.get("engine"), where + ".engine", false));
        Path dir = baseDir;
        if (node.has("dir")) {
            dir = baseDir.resolve(scalar(node.get("dir"), where + ".dir")).normalize();
        }
        Duration timeout = node.has("timeout")
                ? Durations.parse(where + ".timeout", scalar(node.get("timeout"), where + ".timeout"))
                : defaultTimeout;
        List<String> needs = node.has("needs") ? strings(node.get("needs"), where + ".needs", true) : List.of();
        return new CheckSpec(name, argv, dir, env(node.get("env"), where + ".env"), timeout, needs, where);
    }

    /** A list is the argv; one string is a shell command line, run as {@code sh -c}. */
    private static List<String> command(JsonNode node, String where) {
        if (node.isTextual()) {
            if (node.asText().isBlank()) {
                throw UsageException.field(where, "empty", "give the command to run");
            }
            return List.of("sh", "-c", node.asText());
        }
        return strings(node, where, false);
    }

    private static List<String> strings(JsonNode node, String where, boolean mayBeEmpty) {
        if (node == null || !node.isArray() || (!mayBeEmpty && node.isEmpty())) {
            throw UsageException.field(where, "expected a list of strings", "e.g. [cargo, test]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(scalar(node.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, String> env(JsonNode node, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null) {
            return env;
        }
        if (!node.isObject()) {
            throw UsageException.field(where, "expected a mapping of NAME: value", "e.g. env: {RUST_BACKTRACE: \"1\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), scalar(e.getValue(), where + "." + e.getKey()));
        }
        return env;
    }

    private static String scalar(JsonNode node, String where) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw UsageException.field(where, "expected a single value", "write a string or a number");
        }
        return node.asText();
    }

    private static void rejectUnknownKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                // "gate.yaml:" + " check" at the top, "gate.yaml: checks[0]" + ".run" inside a check.
                String field = where.endsWith(":") ? where + " " + key : where + "." + key;
                throw UsageException.field(field, "unknown key",
                        "expected one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
