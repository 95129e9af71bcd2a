package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.InProcessEngine;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * The table of hostile inputs (resource {@code hostile-inputs.txt}) run through the packaged
 * jar: every case must exit 2 with one line on stderr naming the field as the user typed it (the
 * flag, or FILE: key), name no Java type, and write nothing (the working directory, where every
 * output path of the table points, is compared before and after; a docker stand-in writes there
 * if it is ever run). Every value-taking option of every command and every key of the four YAML
 * files must appear in the table, so a new option cannot go untested. All cases run in one JVM
 * ({@link InProcessEngine}); the figures per command go to docs/reliability.md.
 */
class HostileInputIT {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    /** Words a user must never see: Java and Jackson types, stack frames, picocli's type names. */
    private static final Pattern JAVA_WORDS = Pattern.compile(
            "java\\.|javax\\.|com\\.fasterxml|picocli|Exception|\\bInteger\\b|\\bLong\\b|LinkedHashMap|ArrayList|\\bString\\b"
            + "|\\tat |internal error|is not an? (int|long|Path|boolean)\\b|\\bnull\\b");

    /** The keys each YAML file kind takes: the table must try each one. */
    static final Map<String, List<String>> FILE_KEYS = Map.of(
            "target file", List.of("environment", "hosts", "host", "port", "userCandidates", "user", "hostKey", "remoteDir",
                    "secretsDir", "composeFile", "releaseServices", "imageEnvKeys", "preDeployHook", "certHook",
                    "healthCheck", "rollback", "keepReleases", "timeouts", "bootstrapPackages"),
            "profile", List.of("name", "variables", "kind", "format", "required", "default", "composeKey", "ssh", "hosts",
                    "port", "user", "userCandidates", "hostKey", "remote", "dir", "secretsDir", "composeFile", "release",
                    "image", "envKey", "hooks", "preDeploy", "cert", "healthCheck", "rollback", "keepReleases", "timeouts",
                    "bootstrap", "packages"),
            "gate file", List.of("checks", "timeout", "name", "command", "engine", "dir", "env", "needs", "image",
                    "passEnv"),
            "image set", List.of("images", "name", "context", "dockerfile", "target", "repository"));

    private static Path work;
    private static Path standIn;
    private static InProcessEngine engine;

    record Case(String title, Map<String, String> files, List<String> argv, String field, String kind) {
        String command() {
            return argv.isEmpty() ? "" : argv.get(0);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("hostile-work-");
        standIn = Files.createTempDirectory("hostile-docker-");
        Path docker = standIn.resolve("docker");
        // Any docker call leaves a file in the working directory, which the table checks stays untouched.
        Files.writeString(docker, "#!/bin/sh\necho \"$@\" >> '" + work + "/docker-was-run'\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        Table table = Table.read();
        table.base.forEach((name, text) -> write(work.resolve(name), text));
        Processes.run(List.of("git", "-C", work.toString(), "init", "-q", "-b", "main"));
        Processes.run(List.of("git", "-C", work.toString(), "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q",
                "--allow-empty", "-m", "base"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INVENTIV_DOCKER", docker.toString());
        env.put("PATH", standIn + ":" + System.getenv("PATH"));
        env.put("HOME", work.resolve(".home-never-made").toString());
        env.putAll(table.env);
        engine = InProcessEngine.start(work, env);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        Processes.deleteTree(work);
        Processes.deleteTree(standIn);
    }

    @Test
    void everyHostileInputIsRefusedUpFrontByNameWithNothingWritten() throws IOException {
        Table table = Table.read();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> perCommand = new TreeMap<>();
        long started = System.nanoTime();
        for (Case c : table.cases) {
            c.files().forEach((name, text) -> write(work.resolve(name), text));
            Map<String, String> before = snapshot(work);
            EngineProcess.Result r = engine.run(c.argv());
            Map<String, String> after = snapshot(work);
            c.files().keySet().forEach(name -> delete(work.resolve(name)));
            perCommand.merge(c.command(), 1, Integer::sum);
            String problem = problem(c, r, before, after);
            if (problem != null) {
                failures.add(c.title() + " " + c.argv() + ": " + problem);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("hostile inputs: " + table.cases.size() + " cases in " + millis + " ms; per command: " + perCommand);
        assertThat(failures).as("cases refused wrongly").isEmpty();
    }

    private static String problem(Case c, EngineProcess.Result r, Map<String, String> before, Map<String, String> after) {
        String err = r.stderr().strip();
        if (r.exitCode() != 2) {
            return "exit " + r.exitCode() + " (want 2): " + r.all().strip();
        }
        if (err.lines().count() != 1) {
            return "stderr is not one line: " + err;
        }
        if (!err.contains(c.field())) {
            return "the line does not name '" + c.field() + "': " + err;
        }
        if (JAVA_WORDS.matcher(r.all()).find()) {
            return "names Java internals: " + r.all().strip();
        }
        if (!before.equals(after)) {
            return "wrote something: " + diff(before, after);
        }
        return null;
    }

    @Test
    void everyOptionThatTakesAValueIsTried() {
        Table table = Table.read();
        List<String> untried = new ArrayList<>();
        for (String command : Main.COMMANDS) {
            if (command.equals("help")) {
                continue;
            }
            var spec = Main.commandLine(command).getSubcommands().get(command).getCommandSpec();
            for (var option : spec.options()) {
                if (option.arity().max() == 0 || option.longestName().equals("--help")) {
                    continue;
                }
                boolean tried = table.cases.stream().anyMatch(c -> c.command().equals(command)
                        && c.argv().stream().anyMatch(a -> List.of(option.names()).contains(a)
                                || a.startsWith(option.longestName() + "=")));
                if (!tried) {
                    untried.add(command + " " + option.longestName());
                }
            }
        }
        assertThat(untried).as("options no hostile case tries").isEmpty();
    }

    @Test
    void everyKeyOfEveryYamlFileIsTried() {
        Table table = Table.read();
        List<String> untried = new ArrayList<>();
        FILE_KEYS.forEach((kind, keys) -> {
            for (String key : keys) {
                Pattern named = Pattern.compile(": (?:.*[.\\]])?" + Pattern.quote(key) + "(?:[.\\[:]|$)");
                if (table.cases.stream().noneMatch(c -> kind.equals(c.kind()) && named.matcher(c.field()).find())) {
                    untried.add(kind + " " + key);
                }
            }
        });
        assertThat(untried).as("file keys no hostile case names").isEmpty();
    }

    /** Every file under dir (bar .git) with its size and modification time. */
    private static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> !dir.relativize(p).startsWith(".git")).forEach(p -> {
                try {
                    out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    out.put(dir.relativize(p).toString(), "gone");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String diff(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> changed = new TreeSet<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                changed.add(k);
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(changed::add);
        return changed.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The resource's format: {@code env NAME=VALUE} for the child's environment; {@code base NAME}
     * then {@code | line}s for a file every case sees; then cases, each {@code == title}, optional
     * {@code file NAME} + {@code | line}s written for that case only, {@code run WORDS} and
     * {@code field TEXT} (what the error line must name), {@code kind K} when the field is a YAML key
     * (target file, profile, gate file, image set). Words split on spaces; '…' quotes a word, in
     * which \n, \t, \\ and \' are escapes. {@code @DIGEST@} stands for a valid sha256 digest.
     */
    static final class Table {
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> base = new LinkedHashMap<>();
        final List<Case> cases = new ArrayList<>();

        static Table read() {
            try (InputStream in = HostileInputIT.class.getResourceAsStream("hostile-inputs.txt")) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Table parse(String text) {
            Table t = new Table();
            String title = null;
            Map<String, String> files = new LinkedHashMap<>();
            List<String> argv = null;
            String field = null;
            String kind = null;
            StringBuilder fileText = null;
            String fileName = null;
            boolean baseFile = false;
            for (String raw : (text + "\n== end\n").split("\n", -1)) {
                String line = raw.replace("@DIGEST@", DIGEST);
                if (line.startsWith("|")) {
                    fileText.append(line.length() > 2 ? line.substring(2) : "").append('\n');
                    continue;
                }
                if (fileName != null) {
                    (baseFile ? t.base : files).put(fileName, fileText.toString());
                    fileName = null;
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String word = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
                String rest = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
                switch (word) {
                    case "env" -> t.env.put(rest.substring(0, rest.indexOf('=')), rest.substring(rest.indexOf('=') + 1));
                    case "base", "file" -> {
                        fileName = rest;
                        baseFile = word.equals("base");
                        fileText = new StringBuilder();
                    }
                    case "==" -> {
                        if (title != null) {
                            if (argv == null || field == null) {
                                throw new IllegalStateException("case '" + title + "' lacks run or field");
                            }
                            t.cases.add(new Case(title, files, argv, field, kind));
                        }
                        title = rest;
                        files = new LinkedHashMap<>();
                        argv = null;
                        field = null;
                        kind = null;
                    }
                    case "run" -> argv = words(rest);
                    case "field" -> field = rest;
                    case "kind" -> kind = rest;
                    default -> throw new IllegalStateException("hostile-inputs.txt: cannot read line: " + line);
                }
            }
            return t;
        }

        static List<String> words(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder w = null;
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '\\' && i + 1 < line.length()) {
                        char n = line.charAt(++i);
                        w.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == '0' ? '\0' : n);
                    } else if (ch == '\'') {
                        quoted = false;
                    } else {
                        w.append(ch);
                    }
                } else if (ch == ' ') {
                    if (w != null) {
                        out.add(w.toString());
                        w = null;
                    }
                } else {
                    if (w == null) {
                        w = new StringBuilder();
                    }
                    if (ch == '\'') {
                        quoted = true;
                    } else {
                        w.append(ch);
                    }
                }
            }
            if (w != null) {
                out.add(w.toString());
            }
            return out;
        }
    }
}
