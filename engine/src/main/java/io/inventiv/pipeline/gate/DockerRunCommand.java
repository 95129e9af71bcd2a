package io.inventiv.pipeline.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;

/**
 * The {@code docker run} that runs a check in its image, as data. What a Jenkins user knows from
 * {@code docker.image(…).inside}: the directories mounted at the same path (so paths in output
 * and reports match the agent's), the engine's uid:gid (so what the check writes belongs to the
 * agent), {@code --init} (so signals reach the check and zombies are reaped), and a writable HOME
 * of its own ({@link #home}), as the image does not know that user and would leave HOME at
 * {@code /}. The check's env
 * and passEnv go in as {@code -e NAME} with the value in the docker client's environment: never a value in
 * argv, where {@code ps} and /proc would show it. Each container has a name of this gate run, so
 * a timed-out, fail-fast or aborted check can be removed, not just its client killed.
 */
public final class DockerRunCommand {
    /** {@code missing}: a tag is pulled once per agent and then reused; a digest pins it exactly (docs/gate.md). */
    static final String PULL = "missing";
    private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(30);

    private final String docker;
    private final String runId;
    private final String user;

    DockerRunCommand(String docker, String runId, String user) {
        this.docker = docker;
        this.runId = runId;
        this.user = user;
    }

    /** For this engine process: its uid:gid and a fresh run id. */
    public static DockerRunCommand forThisProcess(String docker) {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        return new DockerRunCommand(docker, HexFormat.of().formatHex(id), processUser());
    }

    /** The name of a check's container: {@code inventiv-gate-<run id>-<check>} (check names fit docker's grammar). */
    public String containerName(CheckSpec spec) {
        return "inventiv-gate-" + runId + "-" + spec.name();
    }

    public String docker() {
        return docker;
    }

    /**
     * The HOME the check gets in its container, or null when its env sets HOME: a directory of this
     * check's own in {@code WORKSPACE@tmp}, where Jenkins keeps a workspace's temporary files (and
     * which {@code docker.inside} mounts too). Next to the workspace rather than in the engine's
     * temp directory, so a daemon that sees the workspace (an agent in a container using the
     * host's docker) sees it as well. The gate makes it before the check and removes it after.
     */
    public Path home(CheckSpec spec) {
        if (spec.env().containsKey("HOME")) {
            return null;
        }
        Path workspace = spec.image().workspace().toAbsolutePath().normalize();
        return Path.of(workspace + "@tmp").resolve(containerName(spec));
    }

    public Command run(CheckSpec spec) {
        CheckImage image = spec.image();
        List<String> argv = new ArrayList<>(List.of(docker, "run", "--rm", "--init", "--pull", PULL,
                "--name", containerName(spec), "--user", user));
        Path workspace = image.workspace().toAbsolutePath().normalize();
        Path dir = spec.dir().toAbsolutePath().normalize();
        argv.addAll(List.of("-v", workspace + ":" + workspace));
        if (!dir.startsWith(workspace)) {
            argv.addAll(List.of("-v", dir + ":" + dir));
        }
        Path home = home(spec);
        if (home != null) {
            argv.addAll(List.of("-v", home + ":" + home));
        }
        argv.addAll(List.of("-w", dir.toString()));
        if (home != null) {
            // In argv, not the client's environment: the docker client reads its own HOME (~/.docker).
            argv.addAll(List.of("-e", "HOME=" + home));
        }
        // By name only, sorted (the same argv every run): env's values are in the client's environment
        // below, passEnv's already are (the engine's own, which the client inherits).
        java.util.TreeSet<String> names = new java.util.TreeSet<>(spec.env().keySet());
        names.addAll(spec.passEnv());
        for (String name : names) {
            argv.addAll(List.of("-e", name));
        }
        argv.add(image.reference());
        argv.addAll(spec.argv());
        return new Command(argv, Map.copyOf(spec.env()), spec.dir(), null, spec.timeout());
    }

    /** Removes checks' containers, running or not; a container already gone is only a complaint on stderr. */
    public Command remove(List<String> containerNames) {
        List<String> argv = new ArrayList<>(List.of(docker, "rm", "--force"));
        argv.addAll(containerNames);
        return new Command(argv, null, null, null, REMOVE_TIMEOUT);
    }

    /** uid:gid of this process: the owner of /proc/self, which is the process' effective ids. */
    static String processUser() {
        Path self = Path.of("/proc/self");
        try {
            return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new EngineException("cannot tell the engine's uid:gid for docker run --user from " + self + ": "
                    + e.getMessage());
        }
    }
}
