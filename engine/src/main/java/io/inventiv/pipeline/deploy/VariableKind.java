package io.inventiv.pipeline.deploy;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a profile variable holds. Only {@code secret} values are masked (and bound as Jenkins
 * secret credentials); {@code setting} values are plain; the {@code ssh-key} is never read from
 * the environment: it comes from the ssh agent or {@code --identity-file}.
 */
public enum VariableKind {
    SECRET("secret"),
    SETTING("setting"),
    SSH_KEY("ssh-key");

    private final String yamlName;

    VariableKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The kind for a profile's {@code kind:} value, or null when there is none such. */
    static VariableKind fromYaml(String text) {
        for (VariableKind k : values()) {
            if (k.yamlName.equals(text)) {
                return k;
            }
        }
        return null;
    }

    static String allNames() {
        return Arrays.stream(values()).map(VariableKind::yamlName).collect(Collectors.joining(", "));
    }
}
