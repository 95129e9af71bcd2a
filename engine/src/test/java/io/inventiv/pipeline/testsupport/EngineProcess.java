package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged engine jar as a real process (what a Jenkins step does), so integration
 * tests see real exit codes, stdout/stderr separation and argv.
 */
public final class EngineProcess {
    private EngineProcess() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    public static Path jar() {
        String jar = System.getProperty("inventiv.jar", "engine/target/inventiv-pipeline.jar");
        return Path.of(jar).toAbsolutePath();
    }

    public static Result run(Map<String, String> env, String stdin, String... args) {
        return run(env, stdin, null, args);
    }

    public static Result run(Map<String, String> env, String stdin, Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", jar().toString()));
        argv.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().remove("REGISTRY_USERNAME");
            pb.environment().remove("REGISTRY_PASSWORD");
            // An agent's own proxy would carry the tests' loopback registries too (loopback is not special).
            pb.environment().keySet().removeAll(List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
                    "NO_PROXY", "no_proxy"));
            if (env != null) {
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (var os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                Processes.stop(p);
                throw new IllegalStateException("engine did not finish: " + List.of(args));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
