package io.inventiv.pipeline.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.inventiv.pipeline.exec.Redactor;

/**
 * Meets a profile with the environment: reads each variable (secrets go to the redactor the
 * moment they are read), applies defaults, checks formats and env-file representability, checks
 * the SSH key, and collects every problem before reporting, so one run lists them all.
 */
final class ProfileResolver {
    private final EnvProfile profile;
    private final Map<String, String> env;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> explicit = new LinkedHashSet<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Set<String> missing = new LinkedHashSet<>();
    private final List<ProfileReport.Problem> invalid = new ArrayList<>();
    private final Set<String> invalidNames = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private String sshKey;
    /** Reaching the hosts only (status, logs, bootstrap): no release, hooks, secrets or SSH key variable. */
    private final boolean connectionOnly;
    /** The variables to read; all of them unless connectionOnly. */
    private final Set<String> wanted;

    private ProfileResolver(EnvProfile profile, Map<String, String> env, boolean connectionOnly) {
        this.profile = profile;
        this.env = env;
        this.connectionOnly = connectionOnly;
        this.wanted = connectionOnly ? connectionVariables(profile) : null;
    }

    /** The outcome: a report always; the target and values only when the report is ok. */
    record Outcome(ProfileReport report, DeployTarget target, Map<String, String> values) {
    }

    /** @param sshCheck null to skip the SSH key (render-env needs no key) */
    static Outcome resolve(EnvProfile profile, Map<String, String> env, Path identityFile, SshKeyCheck sshCheck) {
        return new ProfileResolver(profile, env, false).run(identityFile, sshCheck);
    }

    /**
     * Only the variables the SSH and remote-directory fields need (and what their defaults refer
     * to): a status or logs call should not demand the release's secrets. The target has no
     * release services and no hooks; the SSH key is left to the connection itself.
     */
    static Outcome resolveConnection(EnvProfile profile, Map<String, String> env) {
        return new ProfileResolver(profile, env, true).run(null, null);
    }

    /** Names the connection fields refer to, closed over defaults (which refer only to earlier variables). */
    private static Set<String> connectionVariables(EnvProfile profile) {
        Set<String> names = new LinkedHashSet<>();
        List<Template> fields = new ArrayList<>(profile.hosts());
        fields.add(profile.port());
        fields.add(profile.user());
        fields.add(profile.hostKey());
        fields.add(profile.remoteDir());
        fields.add(profile.secretsDir());
        fields.add(profile.composeFile());
        for (Template t : fields) {
            if (t != null) {
                names.addAll(t.references());
            }
        }
        List<VariableSpec> vars = profile.variables();
        for (int i = vars.size() - 1; i >= 0; i--) {
            VariableSpec v = vars.get(i);
            if (names.contains(v.name()) && v.defaultValue() != null) {
                names.addAll(v.defaultValue().references());
            }
        }
        return names;
    }

    private Outcome run(Path identityFile, SshKeyCheck sshCheck) {
        for (VariableSpec v : profile.variables()) {
            if (wanted != null && !wanted.contains(v.name())) {
                continue;
            }
            if (v.kind() == VariableKind.SSH_KEY) {
                sshKey(v, identityFile, sshCheck);
            } else {
                read(v);
            }
        }
        DeployTarget target = missing.isEmpty() && invalid.isEmpty() ? target() : null;
        boolean ok = missing.isEmpty() && invalid.isEmpty();
        ProfileReport report = new ProfileReport(profile.name(), profile.source(), ok, List.copyOf(missing),
                List.copyOf(invalid), Collections.unmodifiableMap(new LinkedHashMap<>(defaults)), sshKey, List.copyOf(notes),
                profile.variables().stream()
                        .map(v -> new ProfileReport.Variable(v.name(), v.kind().yamlName(), v.required())).toList());
        return new Outcome(report, ok ? target : null, ok ? Collections.unmodifiableMap(values) : Map.of());
    }

    private void read(VariableSpec v) {
        String raw = env.get(v.name());
        if (v.kind() == VariableKind.SECRET && raw != null) {
            Redactor.global().add(raw);
        }
        String value;
        if (raw != null && !raw.isEmpty()) {
            value = raw;
            explicit.add(v.name());
        } else if (v.defaultValue() != null) {
            value = v.defaultValue().resolve(values::get);
            if (value == null) {
                needs(v.defaultValue().references(), "the default of " + v.name());
                return;
            }
            defaults.put(v.name(), value);
        } else {
            if (v.required()) {
                missing.add(v.name());
            }
            return;
        }
        String problem = problem(v, value);
        if (problem != null) {
            invalid(v.name(), problem);
            return;
        }
        values.put(v.name(), value);
    }

    private String problem(VariableSpec v, String value) {
        String problem = v.format().check(value);
        if (problem == null && v.kind() == VariableKind.SECRET && value.length() < Redactor.MIN_LENGTH) {
            problem = "is shorter than " + Redactor.MIN_LENGTH + " characters, too short to be masked in logs";
        }
        if (problem == null && v.composeKey() != null) {
            String p = EnvFileValue.problem(value);
            if (p != null) {
                problem = "cannot be written to the env file: it " + p
                        + "; keep such a value in a file under the secrets directory";
            }
        }
        return problem;
    }

    /** Names the unset settings a default or a deploy field needs (an invalid one is already reported). */
    private void needs(Set<String> references, String by) {
        for (String ref : references) {
            if (!values.containsKey(ref) && !invalidNames.contains(ref)) {
                if (missing.add(ref)) {
                    notes.add(ref + " is needed for " + by + (ref.equals(Profiles.OWNER_VARIABLE) ? " (or pass --owner)" : ""));
                }
            }
        }
    }

    private void sshKey(VariableSpec v, Path identityFile, SshKeyCheck sshCheck) {
        String leaked = env.get(v.name());
        if (leaked != null && !leaked.isEmpty()) {
            Redactor.global().add(leaked);
            notes.add(v.name() + " is set in the environment but never read: the key comes from the sshagent step "
                    + "(SSH_AUTH_SOCK) or --identity-file");
        }
        if (sshCheck == null) {
            return;
        }
        SshKeyCheck.Result r = sshCheck.check(env, identityFile);
        if (r.ok()) {
            sshKey = r.source();
        } else if (r.missing()) {
            missing.add(v.name());
            notes.add(v.name() + ": " + r.problem());
        } else {
            invalid(v.name(), r.problem());
        }
    }

    private void invalid(String name, String problem) {
        invalid.add(new ProfileReport.Problem(name, problem));
        invalidNames.add(name);
    }

    private DeployTarget target() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < profile.hosts().size(); i++) {
            String h = required(profile.hosts().get(i), "ssh.hosts[" + i + "]", ValueFormat.HOST);
            if (h != null) {
                hosts.add(h);
            }
        }
        String port = required(profile.port(), "ssh.port", ValueFormat.PORT);
        List<String> users = users();
        // A pinned key ends up in a known_hosts file: a second line smuggled in a value would pin another host.
        String hostKey = optional(profile.hostKey(), "ssh.hostKey", ValueFormat.HOST_KEY);
        String remoteDir = required(profile.remoteDir(), "remote.dir", ValueFormat.PATH);
        String secretsDir = optional(profile.secretsDir(), "remote.secretsDir", ValueFormat.PATH);
        String compose = required(profile.composeFile(), "remote.composeFile", ValueFormat.TEXT);
        Map<String, String> repos = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        (connectionOnly ? Map.<String, EnvProfile.ReleaseService>of() : profile.release()).forEach((service, s) -> {
            String repo = required(s.image(), "release." + service + ".image", ValueFormat.IMAGE_REPO);
            repos.put(service, repo);
            keys.put(service, s.envKey());
        });
        if (!missing.isEmpty() || !invalid.isEmpty()) {
            return null;
        }
        Path composeFile = profile.baseDir() == null ? Path.of(compose) : profile.baseDir().resolve(compose);
        if (connectionOnly) {
            return new DeployTarget(profile.name(), List.copyOf(hosts), Integer.parseInt(port), users, hostKey, remoteDir,
                    secretsDir, composeFile, Map.of(), Map.of(), null, null, null, profile.rollbackAuto(),
                    profile.keepReleases(), profile.timeouts(), profile.bootstrapPackages());
        }
        if (!Files.isRegularFile(composeFile)) {
            notes.add("remote.composeFile " + composeFile + " does not exist here (yet); deploy needs it");
        }
        return new DeployTarget(profile.name(), List.copyOf(hosts), Integer.parseInt(port), users, hostKey, remoteDir,
                secretsDir, composeFile, Collections.unmodifiableMap(repos), Collections.unmodifiableMap(keys),
                resolveHook(profile.preDeployHook()), resolveHook(profile.certHook()), resolveHook(profile.healthCheck()),
                profile.rollbackAuto(), profile.keepReleases(), profile.timeouts(), profile.bootstrapPackages());
    }

    /** An explicitly set user is the only candidate; a defaulted one goes first, then the profile's candidates. */
    private List<String> users() {
        if (profile.user() == null) {
            return profile.userCandidates();
        }
        String user = profile.user().resolve(values::get);
        if (user == null) {
            return profile.userCandidates();
        }
        String problem = ValueFormat.USER.check(user);
        if (problem != null) {
            invalid("ssh.user", problem);
            return List.of();
        }
        if (explicit.containsAll(profile.user().references())) {
            return List.of(user);
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(user);
        users.addAll(profile.userCandidates());
        return List.copyOf(users);
    }

    private String required(Template t, String field, ValueFormat format) {
        String v = t.resolve(values::get);
        if (v == null) {
            needs(t.references(), field);
            return null;
        }
        return checked(v, field, format);
    }

    private String optional(Template t, String field, ValueFormat format) {
        if (t == null) {
            return null;
        }
        String v = t.resolve(values::get);
        return v == null ? null : checked(v, field, format);
    }

    private String checked(String v, String field, ValueFormat format) {
        String problem = format.check(v);
        if (problem != null) {
            invalid(field, problem);
            return null;
        }
        return v;
    }

    private String resolveHook(Template t) {
        return t == null ? null : t.resolve(values::get);
    }
}
