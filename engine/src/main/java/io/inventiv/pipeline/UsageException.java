package io.inventiv.pipeline;

/** Bad input or missing configuration: exit code 2. The message names the field and the fix. */
public class UsageException extends EngineException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    /** "FIELD: PROBLEM; FIX", the one-line shape every bad-input message takes. */
    public static UsageException field(String field, String problem, String fix) {
        return new UsageException(field + ": " + problem + (fix == null || fix.isBlank() ? "" : "; " + fix));
    }

    @Override
    public int exitCode() {
        return 2;
    }
}
