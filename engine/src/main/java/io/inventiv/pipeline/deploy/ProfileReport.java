package io.inventiv.pipeline.deploy;

import java.util.List;
import java.util.Map;

/**
 * What {@code validate-env} found: names only, never values (except the defaults applied to
 * plain settings, which are not secret and are useful to see in the build log).
 *
 * @param profile  environment name
 * @param source   built-in or the profile file
 * @param ok       nothing missing or invalid
 * @param missing  required variables without a value, all of them, in profile order
 * @param invalid  variables (or profile fields) whose value is malformed, with the problem in words
 * @param defaults settings that took their default, with the value used
 * @param sshKey   {@code agent} or {@code file} when a usable key was found, else null
 * @param notes    hints and warnings for people (why a variable is needed, unused variables)
 * @param variables every variable the profile declares, so a Jenkins step knows which to bind as secrets
 */
public record ProfileReport(String profile, String source, boolean ok, List<String> missing, List<Problem> invalid,
                            Map<String, String> defaults, String sshKey, List<String> notes, List<Variable> variables) {

    /** A declared variable: name, kind ({@code secret}, {@code setting}, {@code ssh-key}) and whether it is required. */
    public record Variable(String name, String kind, boolean required) {
    }

    /** One malformed value: the variable (or profile field) and what is wrong with it. */
    public record Problem(String name, String problem) {
    }

    /** The one-line summary an exception carries: names only. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        if (!missing.isEmpty()) {
            b.append("missing ").append(String.join(", ", missing));
        }
        for (Problem p : invalid) {
            b.append(b.length() == 0 ? "" : "; ").append(p.name()).append(' ').append(p.problem());
        }
        return b.toString();
    }
}
