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

    /**
     * {@code X} (id and variable X), {@code ID=VAR}, or docker's own {@code id=ID,env=VAR} (and
     * {@code id=X}); the variable must be set, and is masked from now on. File sources are refused:
     * a secret file on the agent would outlive the build.
     */
    public static BuildSecret parse(String spec, Map<String, String> environment) {
        String s = spec.strip();
        String id;
        String var;
        if (s.startsWith("id=") || s.startsWith("env=") || s.contains(",")) {
            String[] docker = dockerForm(s, spec);
            id = docker[0];
            var = docker[1];
        } else {
            int eq = s.indexOf('=');
            id = eq < 0 ? s : s.substring(0, eq);
            var = eq < 0 ? s : s.substring(eq + 1);
        }
        if (!NAME.matcher(id).matches() || !NAME.matcher(var).matches()) {
            throw UsageException.field("--secret", "'" + spec + "' is not ID, ID=ENV_VAR or id=ID,env=ENV_VAR",
                    "write e.g. --secret NPM_TOKEN, --secret npm=NPM_TOKEN or --secret id=npm,env=NPM_TOKEN");
        }
        String value = environment.get(var);
        if (value == null || value.isEmpty()) {
            throw UsageException.field("--secret " + id, "environment variable " + var + " is not set",
                    "bind it with withCredentials before the build");
        }
        Redactor.global().add(value);
        return new BuildSecret(id, var);
    }

    /** {id, env} of {@code id=ID[,env=VAR]}; any other key (src=, type=file) is not an environment secret. */
    private static String[] dockerForm(String s, String spec) {
        String id = null;
        String var = null;
        for (String part : s.split(",", -1)) {
            if (part.startsWith("id=") && id == null) {
                id = part.substring(3);
            } else if (part.startsWith("env=") && var == null) {
                var = part.substring(4);
            } else {
                throw UsageException.field("--secret", "'" + spec + "': only id= and env= are supported, not '"
                        + part + "'", "put the value in an environment variable: --secret id=npm,env=NPM_TOKEN");
            }
        }
        if (id == null) {
            throw UsageException.field("--secret", "'" + spec + "' has no id=", "write e.g. --secret id=npm,env=NPM_TOKEN");
        }
        return new String[] {id, var == null ? id : var};
    }

    /** The argument BuildKit's --secret takes. */
    public String argument() {
        return "id=" + id + ",env=" + env;
    }
}
