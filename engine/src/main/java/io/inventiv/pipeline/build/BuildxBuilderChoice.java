package io.inventiv.pipeline.build;

import java.time.Duration;
import java.util.Map;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;

/**
 * Picks the builder a buildx build runs on. The named docker-container builder is created once,
 * never made the global default, and started ({@code inspect --bootstrap}) within a bounded time:
 * starting it pulls moby/buildkit, which an agent without Docker Hub cannot do. With
 * {@code --buildx-driver auto} such a failure falls back to the docker driver, i.e. the builder
 * of the current docker context that uses the daemon's own BuildKit.
 */
final class BuildxBuilderChoice {
    /** Long enough for a first pull of moby/buildkit, short enough that a blocked pull is not a hang. */
    static final Duration BOOTSTRAP_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param fallbackReason why the docker-container builder was not used; null when the build
     *                       runs on the builder it asked for
     */
    record Choice(BuildxBuilder builder, String fallbackReason) {
    }

    private final DockerTools tools;
    private final BuildxCommand buildx;

    BuildxBuilderChoice(DockerTools tools) {
        this.tools = tools;
        this.buildx = new BuildxCommand(tools.docker());
    }

    Choice choose(BuildxDriver wanted, String containerBuilder, Map<String, String> env) {
        if (wanted == BuildxDriver.DOCKER) {
            return new Choice(dockerDriverBuilder(env), null);
        }
        if (!tools.runner().run(Command.of(buildx.inspectBuilder(containerBuilder)).withEnv(env)).ok()) {
            tools.runner().runChecked(Command.of(buildx.createBuilder(containerBuilder)).withEnv(env),
                    tools.listener(), "create the buildx builder " + containerBuilder);
        }
        ProcessResult started = tools.runner().run(Command.of(buildx.bootstrapBuilder(containerBuilder)).withEnv(env)
                .withTimeout(BOOTSTRAP_TIMEOUT), tools.listener());
        if (started.ok()) {
            return new Choice(new BuildxBuilder(containerBuilder,
                    driverOf(started.stdout(), BuildxBuilder.DOCKER_CONTAINER)), null);
        }
        String reason = started.timedOut() ? "it did not start within " + BOOTSTRAP_TIMEOUT.toMinutes() + " minutes"
                : started.tail(1).replace("ERROR: ", "").strip();
        if (wanted == BuildxDriver.DOCKER_CONTAINER) {
            throw new EngineException("start the buildx builder " + containerBuilder + " (docker-container driver): "
                    + reason + "; let the agent's daemon pull moby/buildkit, or use --buildx-driver docker");
        }
        BuildxBuilder fallback = dockerDriverBuilder(env);
        tools.listener().line(OutputListener.Stream.STDERR, "the docker-container builder " + containerBuilder
                + " cannot start (" + reason + "): building with the docker driver (builder " + fallback.name() + ")");
        return new Choice(fallback, reason);
    }

    /** The docker-driver builder buildx makes for the current docker context; it is named after the context. */
    private BuildxBuilder dockerDriverBuilder(Map<String, String> env) {
        ProcessResult context = tools.runner().run(Command.of(buildx.currentContext()).withEnv(env));
        String name = context.ok() && !context.stdout().isBlank() ? context.stdout().strip() : "default";
        ProcessResult inspected = tools.runner().run(Command.of(buildx.inspectBuilder(name)).withEnv(env));
        if (!inspected.ok()) {
            throw new EngineException("use the docker driver: docker buildx has no builder " + name + " ("
                    + inspected.tail(1).strip() + ")");
        }
        return new BuildxBuilder(name, driverOf(inspected.stdout(), BuildxBuilder.DOCKER));
    }

    /** The {@code Driver:} line of {@code docker buildx inspect}. */
    static String driverOf(String inspectOutput, String otherwise) {
        return inspectOutput.lines().map(String::strip).filter(l -> l.startsWith("Driver:"))
                .map(l -> l.substring("Driver:".length()).strip()).filter(d -> !d.isEmpty()).findFirst()
                .orElse(otherwise);
    }
}
