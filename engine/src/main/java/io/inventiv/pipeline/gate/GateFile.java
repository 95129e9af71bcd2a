package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.yaml.YamlNode;

/**
 * Reads a gate file (YAML) into check specs. Every key is checked: a misspelled key is an error
 * naming it, never silently ignored. Relative {@code dir}s are resolved against {@code baseDir}.
 * The format is documented in docs/gate.md.
 */
public final class GateFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP_KEYS = Set.of("checks", "timeout", "image");
    private static final Set<String> CHECK_KEYS = Set.of("name", "command", "engine", "dir", "env", "timeout", "needs",
            "image", "passEnv");

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
        YamlNode root = YamlNode.readFile("--gate-file", file, "gate");
        Path base = file.toAbsolutePath().getParent();
        return new GateFile(file.toString(), base, engine, defaultTimeout).parse(root);
    }

    /** Reads a gate shipped inside the engine ({@code --builtin NAME}); dirs are relative to {@code baseDir}. */
    public static List<CheckSpec> builtin(String name, Path baseDir, EngineInvocation engine, Duration defaultTimeout) {
        String resource = "/io/inventiv/pipeline/gates/" + name + ".yaml";
        try (InputStream in = GateFile.class.getResourceAsStream(resource)) {
            if (!NAME.matcher(name).matches() || in == null) {
                throw UsageException.field("--builtin", "no built-in gate named '" + name + "'",
                        "use --builtin inventiv-agents, or --gate-file for your own gate");
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
        return parse(YamlNode.parse(source, text, "gate file"));
    }

    private List<CheckSpec> parse(YamlNode root) {
        root.onlyKeys(TOP_KEYS);
        Duration timeout = root.has("timeout")
                ? Durations.parse(root.where("timeout"), root.text("timeout"))
                : defaultTimeout;
        String image = root.has("image") ? image(root, "image") : null;
        List<YamlNode> checks = root.list("checks");
        if (checks == null || checks.isEmpty()) {
            throw root.problem("checks", "missing or empty", "list at least one check with a name and a command");
        }
        List<CheckSpec> specs = new ArrayList<>();
        for (YamlNode check : checks) {
            specs.add(check(check, timeout, image));
        }
        return specs;
    }

    private CheckSpec check(YamlNode node, Duration defaultTimeout, String defaultImage) {
        if (!node.isMapping()) {
            throw node.problem("expected a mapping, got " + (node.isList() ? "a list" : "a single value"),
                    "give name and command (or engine)");
        }
        node.onlyKeys(CHECK_KEYS);
        String name = node.has("name") ? node.text("name") : "";
        if (!NAME.matcher(name).matches()) {
            throw node.problem("name", name.isEmpty() ? "missing" : "'" + name + "' is not a valid name",
                    "use letters, digits, '.', '_' or '-' (it names the JUnit test case)");
        }
        if (node.has("command") == node.has("engine")) {
            throw node.problem("command", "give exactly one of 'command' or 'engine'",
                    "command: [argv...] or \"shell string\"; engine: [scan-keys]");
        }
        List<String> argv = node.has("command")
                ? command(node.get("command"))
                : engine.argv(engineArgs(node.get("engine")));
        Path dir = baseDir;
        if (node.has("dir")) {
            dir = baseDir.resolve(node.text("dir")).normalize();
        }
        Duration timeout = node.has("timeout")
                ? Durations.parse(node.where("timeout"), node.text("timeout"))
                : defaultTimeout;
        List<String> needs = node.has("needs") ? strings(node.get("needs"), true) : List.of();
        Map<String, String> env = node.has("env") ? env(node.get("env")) : new LinkedHashMap<>();
        List<String> passEnv = node.has("passEnv") ? passEnv(node.get("passEnv"), env) : List.of();
        if (node.has("image") && node.has("engine")) {
            throw node.problem("image", "an engine check cannot run in an image (it runs in a JVM of the engine on the agent)",
                    "remove image from this check, or make it a command check");
        }
        String image = node.has("image") ? image(node, "image") : node.has("engine") ? null : defaultImage;
        CheckImage container = image == null ? null : new CheckImage(image, baseDir);
        return new CheckSpec(name, argv, dir, env, timeout, needs, node.where(), container, passEnv);
    }

    /** A docker image reference, checked as docker parses it, so a typo fails before any check runs. */
    private static String image(YamlNode node, String key) {
        YamlNode value = node.get(key);
        String text = value.asText().strip();
        String fix = "give a docker image reference NAME[:TAG][@sha256:DIGEST], e.g. rust:1.80 or node:20";
        if (text.isEmpty()) {
            throw value.problem("empty", fix);
        }
        try {
            ImageRef.parse(text, value.where());
        } catch (UsageException e) {
            String message = e.getMessage();
            throw new UsageException(message.contains("; ") ? message : message + "; " + fix);
        }
        return text;
    }

    /** A list is the argv; one string is a shell command line, run as {@code sh -c}. */
    private static List<String> command(YamlNode node) {
        if (node.isScalar()) {
            if (node.asText().isBlank()) {
                throw node.problem("empty", "give the command to run");
            }
            return List.of("sh", "-c", node.asText());
        }
        return strings(node, false);
    }

    /** An engine check names one of the engine's commands first, so a typo fails before any check runs. */
    private static List<String> engineArgs(YamlNode node) {
        List<String> args = strings(node, false);
        if (!EngineInvocation.COMMANDS.contains(args.get(0))) {
            throw node.problem("'" + args.get(0) + "' is not an engine command",
                    "start with one of " + String.join(", ", EngineInvocation.COMMANDS));
        }
        return args;
    }

    private static List<String> strings(YamlNode node, boolean mayBeEmpty) {
        if (!node.isList() || (!mayBeEmpty && node.items().isEmpty())) {
            throw node.problem("expected a list of strings, got " + (node.isList() ? "an empty list"
                    : node.isMapping() ? "a mapping" : "a single value"), "e.g. [cargo, test]");
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : node.items()) {
            out.add(item.asText());
        }
        return out;
    }

    /**
     * Names of the engine's variables to pass into the check's container: variable names, each once,
     * none also given a value by env, not HOME (a check in an image has its own). Whether each is
     * set is checked with the rest of the plan ({@link GatePlan}).
     */
    private static List<String> passEnv(YamlNode node, Map<String, String> env) {
        if (!node.isList()) {
            throw node.problem("expected a list of variable names, got " + (node.isMapping() ? "a mapping" : "a single value"),
                    "e.g. passEnv: [NPM_TOKEN]");
        }
        List<String> names = new ArrayList<>();
        for (YamlNode item : node.items()) {
            String name = item.isScalar() ? item.asText() : null;
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                throw item.problem(name == null ? "expected a variable name, got "
                        + (item.isList() ? "a list" : item.isMapping() ? "a mapping" : "nothing")
                        : "'" + name + "' is not a variable name",
                        "use letters, digits and '_', not starting with a digit, e.g. NPM_TOKEN");
            }
            if (names.contains(name)) {
                throw item.problem(name + " is listed twice", "list each variable once");
            }
            if (env.containsKey(name)) {
                throw item.problem(name + " also has a value in env",
                        "take it from one place: env for a value in the gate file, passEnv for the engine's environment");
            }
            if (name.equals("HOME")) {
                throw item.problem("HOME cannot be passed: a check in an image gets a HOME of its own",
                        "remove it; set it with env if the check needs another directory");
            }
            names.add(name);
        }
        return names;
    }

    private static Map<String, String> env(YamlNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!node.isMapping()) {
            throw node.problem("expected a mapping of NAME: value", "e.g. env: {RUST_BACKTRACE: \"1\"}");
        }
        node.entries().forEach((k, v) -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw node.problem("'" + k + "' is not a variable name",
                        "use letters, digits and '_', not starting with a digit");
            }
            if (v == null) {
                throw node.problem(k, "has no value", "give it a value, e.g. \"\" for an empty one");
            }
            env.put(k, v.asText());
        });
        return env;
    }
}
