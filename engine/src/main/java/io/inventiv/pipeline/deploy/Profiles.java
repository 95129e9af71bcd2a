package io.inventiv.pipeline.deploy;

import java.nio.file.Path;
import java.util.Map;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;

/** Entry point of environment profiles: load one, meet it with the environment, get a deploy target. */
public final class Profiles {
    /** The setting the built-in profiles take the GitHub owner from ({@code --owner} sets it too). */
    public static final String OWNER_VARIABLE = "GITHUB_OWNER";

    private Profiles() {
    }

    /**
     * Loads a built-in profile ("staging", "production") or a YAML file, resolves it against env,
     * and checks the SSH key; throws UsageException listing ALL missing/malformed variables by
     * name (never values).
     */
    public static ResolvedProfile resolve(String profileNameOrFile, Map<String, String> env, Path identityFileOrNull) {
        return resolve(ProfileLoader.load(profileNameOrFile), env, identityFileOrNull, true);
    }

    /** As {@link #resolve}, without the SSH key check: writing an env file needs no key. */
    public static ResolvedProfile resolveWithoutSshKey(String profileNameOrFile, Map<String, String> env) {
        return resolve(ProfileLoader.load(profileNameOrFile), env, null, false);
    }

    /**
     * Only what reaching the hosts needs, for status, logs and bootstrap: the SSH and remote
     * directory fields and the settings they refer to. Secrets, release services, hooks and the
     * SSH key variable are not read (the connection itself finds out whether a key works), so
     * these commands run with the connection settings alone. The target's release services and
     * hooks are empty.
     */
    public static DeployTarget resolveConnection(String profileNameOrFile, Map<String, String> env) {
        EnvProfile profile = ProfileLoader.load(profileNameOrFile);
        ProfileResolver.Outcome o = ProfileResolver.resolveConnection(profile, env);
        if (!o.report().ok()) {
            throw UsageException.field("profile " + profile.name(), o.report().summary(),
                    "set the connection settings in the job's environment and run validate-env for details");
        }
        return o.target();
    }

    /** The full report, whatever it says (validate-env prints it); never throws for a bad environment. */
    public static ProfileReport check(String profileNameOrFile, Map<String, String> env, Path identityFileOrNull) {
        return check(profileNameOrFile, env, identityFileOrNull, target -> { });
    }

    /**
     * As {@link #check}, then, when the environment resolves, the deploy's own checks of the target
     * (they live with the deploy, which this package does not see), so validate-env passes exactly
     * what deploy would start with.
     */
    public static ProfileReport check(String profileNameOrFile, Map<String, String> env, Path identityFileOrNull,
                                      java.util.function.Consumer<DeployTarget> deployChecks) {
        EnvProfile p = ProfileLoader.load(profileNameOrFile);
        ProfileResolver.Outcome o = ProfileResolver.resolve(p, env, identityFileOrNull, new SshKeyCheck(new CommandRunner()));
        if (o.report().ok() && o.target() != null) {
            deployChecks.accept(o.target());
        }
        return o.report();
    }

    static ResolvedProfile resolve(EnvProfile profile, Map<String, String> env, Path identityFile, boolean checkSshKey) {
        SshKeyCheck ssh = checkSshKey ? new SshKeyCheck(new CommandRunner()) : null;
        ProfileResolver.Outcome o = ProfileResolver.resolve(profile, env, identityFile, ssh);
        if (!o.report().ok()) {
            throw UsageException.field("profile " + profile.name(), o.report().summary(),
                    "set them in the job's environment or credentials and run validate-env for details");
        }
        return new ResolvedProfile(profile, o.target(), o.values(), o.report());
    }
}
