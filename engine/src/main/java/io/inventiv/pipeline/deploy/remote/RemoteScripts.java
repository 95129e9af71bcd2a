package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell scripts shipped in the jar and run on the host. */
final class RemoteScripts {
    private RemoteScripts() {
    }

    /** The scripts that run compose: compose.sh, which decides v2 or v1 once, is put before them. */
    private static final java.util.Set<String> RUN_COMPOSE = java.util.Set.of("deploy.sh", "status.sh", "logs.sh", "plan.sh");

    static String load(String name) {
        return RUN_COMPOSE.contains(name) ? resource("compose.sh") + resource(name) : resource(name);
    }

    private static String resource(String name) {
        try (InputStream in = RemoteScripts.class.getResourceAsStream("/io/inventiv/pipeline/remote/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sh -c SCRIPT NAME ARGS...} as one remote command line, every word quoted. */
    static String shellCommand(String script, String name, String... args) {
        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("sh", "-c", load(script), name));
        words.addAll(java.util.List.of(args));
        return ShellQuote.join(words);
    }
}
