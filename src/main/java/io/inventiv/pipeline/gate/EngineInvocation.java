package io.inventiv.pipeline.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv that runs one of the engine's own commands (scan-keys, check-versions,
 * check-lockfile) as a child process of the same JVM binary and class path. A child rather than
 * an in-process call so that an engine check is handled exactly like any other: its own output
 * stream, timeout, exit code and process-tree kill, and a crash in it cannot take the gate down.
 */
public final class EngineInvocation {
    static final String MAIN_CLASS = "io.inventiv.pipeline.cli.Main";

    private final String java;
    private final String classPath;

    public EngineInvocation(String java, String classPath) {
        this.java = java;
        this.classPath = classPath;
    }

    /** The JVM and class path this engine runs on ({@code java -jar X} has class path X). */
    public static EngineInvocation current() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new EngineInvocation(java, System.getProperty("java.class.path"));
    }

    public List<String> argv(List<String> engineArgs) {
        List<String> argv = new ArrayList<>(List.of(java, "-XX:+UseSerialGC",
                "-cp", classPath, MAIN_CLASS));
        argv.addAll(engineArgs);
        return argv;
    }
}
