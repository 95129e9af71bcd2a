package io.inventiv.pipeline.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv that runs one of the engine's own commands (scan-keys, check-versions,
 * check-lockfile) as a child process of the same JVM binary and class path. A child rather than
 * an in-process call so that an engine check is handled exactly like any other: its own output
 * stream, timeout, exit code and process-tree kill, and a crash in it cannot take the gate down.
 * The child starts with the gate's own start-up options (the launcher's collector, JIT and
 * class-data archive): without them each engine check started 2-4 times slower.
 */
public final class EngineInvocation {
    static final String MAIN_CLASS = "io.inventiv.pipeline.cli.Main";

    /** The engine commands a gate's {@code engine:} check may run (all but gate itself and help; MainTest keeps them in step). */
    public static final List<String> COMMANDS = List.of("scan-keys", "check-versions", "check-migrations",
            "check-lockfile", "build", "push", "digest", "promote", "validate-env", "render-env", "deploy", "rollback",
            "status", "logs", "bootstrap");


    /**
     * Options of the gate's JVM that a child must not repeat: class-list dumps, archive writing
     * (on JDK 19+ the launcher has a family's first JVM write its archive at exit; children only read it),
     * debuggers, agents.
     */
    private static final List<String> NOT_INHERITED = List.of("-XX:DumpLoadedClassList", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=", "-agentlib:", "-agentpath:", "-javaagent:", "-Xrunjdwp", "-Xdebug");

    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;

    public EngineInvocation(String java, String classPath) {
        this(java, classPath, List.of());
    }

    EngineInvocation(String java, String classPath, List<String> jvmOptions) {
        this.java = java;
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The JVM, options and class path this engine runs on ({@code java -jar X} has class path X). */
    public static EngineInvocation current() {
        ProcessHandle.Info self = ProcessHandle.current().info();
        String java = self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new EngineInvocation(java, System.getProperty("java.class.path"),
                inheritedOptions(self.arguments().map(List::of).orElse(List.of())));
    }

    /**
     * The JVM options among a JVM's arguments (those before the class path or main class), less
     * the ones a child must not repeat. The class-data archive is kept only when it is the whole
     * engine's or the gate family's one (static, or the JVM-made one of JDK 19+), which hold what
     * the engine checks load.
     */
    static List<String> inheritedOptions(List<String> arguments) {
        List<String> out = new ArrayList<>();
        for (String a : arguments) {
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-jar")
                    || !a.startsWith("-")) {
                break;
            }
            if (a.startsWith("-XX:SharedArchiveFile=") && (a.endsWith("-gate.jsa") || a.endsWith("pipeline.jsa")
                    || a.contains("-gate-jdk-"))) {
                out.add(a);
                continue;
            }
            if (NOT_INHERITED.stream().noneMatch(a::startsWith)) {
                out.add(a);
            }
        }
        return out;
    }

    public List<String> argv(List<String> engineArgs) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmOptions.isEmpty() ? List.of("-XX:+UseSerialGC") : jvmOptions);
        argv.addAll(List.of("-cp", classPath, MAIN_CLASS));
        argv.addAll(engineArgs);
        return argv;
    }
}
