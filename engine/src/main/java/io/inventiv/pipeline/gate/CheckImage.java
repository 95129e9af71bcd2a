package io.inventiv.pipeline.gate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The container image a check runs in instead of the agent, and the agent directory the
 * container sees at the same path (the gate file's directory, as Jenkins' {@code inside} mounts
 * the workspace), so a check in {@code frontend} can still read {@code ../.inventiv}.
 *
 * @param reference the image as the gate file names it (already checked against docker's grammar)
 * @param workspace mounted read-write at the same path; the check's own dir is mounted too when outside it
 */
public record CheckImage(String reference, Path workspace) {
    public CheckImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(workspace, "workspace");
    }
}
