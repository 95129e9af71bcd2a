package io.inventiv.pipeline;

/** Another deploy holds the lock and did not release it within the wait: exit code 3. */
public class LockHeldException extends EngineException {
    private static final long serialVersionUID = 1L;

    public LockHeldException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
