package io.inventiv.pipeline.deploy;

/**
 * One variable a profile reads from the environment.
 *
 * @param name         environment variable name, e.g. {@code STG_REMOTE_HOST}
 * @param kind         secret, setting or ssh-key
 * @param format       shape its value must have
 * @param required     a required variable without a value is reported missing
 * @param defaultValue used when the variable is unset or empty (may reference earlier variables), or null
 * @param composeKey   env-file key it is written under for compose, or null when compose does not read it
 */
public record VariableSpec(String name, VariableKind kind, ValueFormat format, boolean required,
                           Template defaultValue, String composeKey) {
}
