package io.inventiv.pipeline.build;

import java.util.Map;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;

/**
 * A BuildKit secret taken from an environment variable ({@code --secret id=X,env=Y}): the value
 * reaches the build through the environment, never argv, build args or image history.
 *
 * @param id  the id the Dockerfile mounts ({@code RUN --mount=type=secret,id=X})
 * @param env the environment variable holding the value
 */
public record BuildSecret(String id, String env) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** {@code X} (id and variable X) or {@code ID=VAR}; the variable must be set, and is masked from now on. */
    public static BuildSecret parse(String spec, Map<String, String> environment) {
        String s = spec.strip();
        int eq = s.indexOf('=');
        String id = eq < 0 ? s : s.substring(0, eq);
        String var = eq < 0 ? s : s.substring(eq + 1);
        if (!NAME.matcher(id).matches() || !NAME.matcher(var).matches()) {
            throw UsageException.field("--secret", "'" + spec + "' is not ID or ID=ENV_VAR",
                    "write e.g. --secret NPM_TOKEN or --secret npm=NPM_TOKEN");
        }
        String value = environment.get(var);
        if (value == null || value.isEmpty()) {
            throw UsageException.field("--secret " + id, "environment variable " + var + " is not set",
                    "bind it with withCredentials before the build");
        }
        Redactor.global().add(value);
        return new BuildSecret(id, var);
    }

    /** The argument BuildKit's --secret takes. */
    public String argument() {
        return "id=" + id + ",env=" + env;
    }
}
