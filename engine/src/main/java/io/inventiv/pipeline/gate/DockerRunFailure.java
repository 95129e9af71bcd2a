package io.inventiv.pipeline.gate;

import java.util.List;

/**
 * Tells docker's own failure (image not found, pull denied, daemon unreachable) from the check's:
 * {@code docker run} exits 125 and prints {@code docker: …} when the container could not run at
 * all. Then the check did not run, so it has docker's reason and no exit code of its own.
 */
final class DockerRunFailure {
    static final int DOCKER_RUN_FAILED = 125;
    private static final String PREFIX = "docker: ";

    private DockerRunFailure() {
    }

    /** Docker's reason as one line, or null when the check's own process exited. */
    static String reason(String image, int exitCode, List<String> tail) {
        if (exitCode != DOCKER_RUN_FAILED) {
            return null;
        }
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i);
            if (line.startsWith(PREFIX)) {
                return "cannot run in image " + image + ": " + line.substring(PREFIX.length()).strip();
            }
        }
        return null;
    }
}
