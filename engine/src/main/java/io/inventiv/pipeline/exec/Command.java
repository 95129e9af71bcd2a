package io.inventiv.pipeline.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to run, as data: argv (never a shell string), environment overrides, working
 * directory, bytes for stdin and a timeout. Builders elsewhere return these so tests can
 * compare argv lists instead of joined strings.
 *
 * @param env overrides of the inherited environment; a {@code null} value removes the variable
 */
public record Command(List<String> argv, Map<String, String> env, Path workDir, byte[] stdin, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public Command {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, null, null, null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, null, null, null);
    }

    public Command withEnv(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.put(name, value);
        return new Command(argv, next, workDir, stdin, timeout);
    }

    public Command withEnv(Map<String, String> more) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.putAll(more);
        return new Command(argv, next, workDir, stdin, timeout);
    }

    public Command withWorkDir(Path dir) {
        return new Command(argv, env, dir, stdin, timeout);
    }

    public Command withStdin(byte[] bytes) {
        return new Command(argv, env, workDir, bytes, timeout);
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, env, workDir, stdin, t);
    }

    public Command append(String... more) {
        List<String> next = new ArrayList<>(argv);
        next.addAll(List.of(more));
        return new Command(next, env, workDir, stdin, timeout);
    }

    /** The program name, for messages. */
    public String program() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        // Never prints stdin or env values: they may hold secrets.
        return "Command" + argv;
    }
}
