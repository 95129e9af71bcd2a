package io.inventiv.pipeline.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the library's agent-side scripts from resources/ as the inventivEngine step does: with
 * /bin/sh, a clean environment (an agent's, not this JVM's: no INVENTIV_ENGINE_JAR leaks in)
 * and the step's values as variables.
 */
final class AgentSide {
    static final Path RESOURCES = Path.of("resources/io/inventiv/pipeline").toAbsolutePath();

    private final Path home;

    /** HOME is the agent user's home: the default cache lives under it. */
    AgentSide(Path home) {
        this.home = home;
    }

    record Run(int exitCode, String stdout, String stderr) {
        /** The resolver's key=value answer. */
        Map<String, String> answer() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return out;
        }
    }

    /** engine-resolve.sh with the launcher written where the step writes it (a fresh copy each time). */
    Run resolve(Map<String, String> env) {
        try {
            Path launcher = Files.createTempFile(home, "engine-launcher-", ".sh");
            Files.copy(RESOURCES.resolve("engine-launcher.sh"), launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Map<String, String> all = new LinkedHashMap<>(env);
            all.putIfAbsent("INVENTIV_LAUNCHER_SRC", launcher.toString());
            return run(List.of("/bin/sh", RESOURCES.resolve("engine-resolve.sh").toString()), all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Run run(List<String> argv, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            pb.environment().put("HOME", home.toString());
            pb.environment().putAll(env);
            Path err = Files.createTempFile(home, "stderr-", ".txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish in 2 minutes");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Run(p.exitValue(), out, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
