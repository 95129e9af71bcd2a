package io.inventiv.pipeline.exec;

import java.time.Duration;

/** What a finished process left: exit code, captured (redacted) output, and whether it timed out. */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The last lines of stderr (else stdout), for an error message. */
    public String tail(int lines) {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] all = text.strip().split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
