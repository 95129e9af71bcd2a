package io.inventiv.pipeline.gate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One check of a gate, as data: the argv to run (a one-string command has already become
 * {@code sh -c STRING}), where, with which extra environment, for how long at most, and which
 * checks must pass before it starts.
 *
 * @param origin where the check was declared ({@code gate.yaml: checks[2]}, {@code --check lint}), for messages
 * @param image  the container the check runs in; null to run it on the agent
 * @param passEnv variables of the engine's environment passed by name into the check's container
 *               (their values never in the gate file nor in argv); on the agent a check inherits
 *               the whole environment, so there they only state what the check needs
 */
public record CheckSpec(String name, List<String> argv, Path dir, Map<String, String> env, Duration timeout,
        List<String> needs, String origin, CheckImage image, List<String> passEnv) {

    /** A check that passes no variable of the engine's environment by name. */
    public CheckSpec(String name, List<String> argv, Path dir, Map<String, String> env, Duration timeout,
            List<String> needs, String origin, CheckImage image) {
        this(name, argv, dir, env, timeout, needs, origin, image, List.of());
    }

    /** A check that runs on the agent. */
    public CheckSpec(String name, List<String> argv, Path dir, Map<String, String> env, Duration timeout,
            List<String> needs, String origin) {
        this(name, argv, dir, env, timeout, needs, origin, null, List.of());
    }

    public CheckSpec {
        Objects.requireNonNull(name, "name");
        argv = List.copyOf(argv);
        env = Map.copyOf(env == null ? Map.of() : env);
        needs = List.copyOf(needs == null ? List.of() : needs);
        passEnv = List.copyOf(passEnv == null ? List.of() : passEnv);
    }
}
