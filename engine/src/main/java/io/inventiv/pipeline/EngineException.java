package io.inventiv.pipeline;

/**
 * An operation failed (registry, ssh, remote or check failure): exit code 1. The message says
 * what was being done and, where known, what to fix; it is redacted before it is printed.
 */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code this failure maps to (docs/cli.md). */
    public int exitCode() {
        return 1;
    }
}
