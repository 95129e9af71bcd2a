package io.inventiv.pipeline.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.yaml.YamlNode;

/**
 * Reads a profile (a built-in one by name, or a YAML file) and checks the profile itself:
 * unknown keys, kinds, formats, references between variables, and that remote commands only
 * interpolate shell-safe values. Problems with the profile are bad input (exit 2) naming the
 * file and the key.
 */
public final class ProfileLoader {
    public static final List<String> BUILT_INS = List.of("staging", "production");
    public static final List<String> DEFAULT_USER_CANDIDATES = List.of("ubuntu", "debian", "root");
    public static final int DEFAULT_KEEP_RELEASES = 3;

    private static final String RESOURCE_DIR = "/io/inventiv/pipeline/profiles/";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private static final List<String> TOP_KEYS = List.of("name", "variables", "ssh", "remote", "release", "hooks",
            "rollback", "keepReleases", "timeouts", "bootstrap");
    private static final List<String> VARIABLE_KEYS = List.of("kind", "format", "required", "default", "composeKey");
    private static final List<String> SSH_KEYS = List.of("hosts", "port", "user", "userCandidates", "hostKey");
    private static final List<String> REMOTE_KEYS = List.of("dir", "secretsDir", "composeFile");
    private static final List<String> SERVICE_KEYS = List.of("image", "envKey");
    private static final List<String> HOOK_KEYS = List.of("preDeploy", "cert", "healthCheck");

    private final String source;

    private ProfileLoader(String source) {
        this.source = source;
    }

    /** A built-in profile name ({@code staging}, {@code production}) or a path to a .yml/.yaml file. */
    public static EnvProfile load(String nameOrFile) {
        if (nameOrFile == null || nameOrFile.isBlank()) {
            throw UsageException.field("--profile", "missing", "name a built-in profile (" + String.join(", ", BUILT_INS)
                    + ") or a YAML file");
        }
        if (BUILT_INS.contains(nameOrFile)) {
            return loadBuiltIn(nameOrFile);
        }
        boolean looksLikeFile = nameOrFile.contains("/") || nameOrFile.endsWith(".yml") || nameOrFile.endsWith(".yaml");
        if (!looksLikeFile) {
            throw UsageException.field("--profile", "no built-in profile '" + nameOrFile + "'",
                    "use one of " + String.join(", ", BUILT_INS) + " or the path of a .yml/.yaml profile file");
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw UsageException.field("--profile", "cannot read profile file " + file,
                    "check the path (relative paths start at the working directory)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Path base = file.toAbsolutePath().getParent();
            return new ProfileLoader("profile " + file).parse(in, base);
        } catch (IOException e) {
            throw UsageException.field("--profile", "cannot read profile file " + file + ": " + e.getMessage(), null);
        }
    }

    static EnvProfile loadBuiltIn(String name) {
        try (InputStream in = ProfileLoader.class.getResourceAsStream(RESOURCE_DIR + name + ".yml")) {
            if (in == null) {
                throw new IllegalStateException("built-in profile " + name + " is missing from the engine jar");
            }
            // Built-in profiles name the compose file relative to the working directory (the workspace).
            return new ProfileLoader("built-in profile " + name).parse(in, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in profile " + name, e);
        }
    }

    /** Parses profile text; exposed for tests of the profile checks. */
    static EnvProfile parse(String source, String yaml, Path baseDir) {
        return new ProfileLoader(source).parse(new java.io.ByteArrayInputStream(
                yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), baseDir);
    }

    private EnvProfile parse(InputStream in, Path baseDir) {
        String text;
        try {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fail("", "cannot read", "check the file's permissions");
        }
        return build(yaml(YamlNode.parse(source, text, "profile")), baseDir);
    }

    /** The file's keys and value types, each problem named by its key; the checks between values follow in build(). */
    private static ProfileYaml yaml(YamlNode root) {
        root.onlyKeys(TOP_KEYS);
        LinkedHashMap<String, ProfileYaml.Variable> variables = null;
        Map<String, YamlNode> vars = root.mapping("variables");
        if (vars != null) {
            variables = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : vars.entrySet()) {
                YamlNode v = e.getValue();
                if (v != null) {
                    v.entries();
                    v.onlyKeys(VARIABLE_KEYS);
                }
                variables.put(e.getKey(), v == null ? null : new ProfileYaml.Variable(v.text("kind"), v.text("format"),
                        v.bool("required"), v.text("default"), v.text("composeKey")));
            }
        }
        YamlNode ssh = section(root, "ssh", SSH_KEYS);
        YamlNode remote = section(root, "remote", REMOTE_KEYS);
        YamlNode hooks = section(root, "hooks", HOOK_KEYS);
        YamlNode bootstrap = section(root, "bootstrap", List.of("packages"));
        LinkedHashMap<String, ProfileYaml.Service> release = null;
        Map<String, YamlNode> services = root.mapping("release");
        if (services != null) {
            release = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : services.entrySet()) {
                YamlNode s = e.getValue();
                if (s != null) {
                    s.entries();
                    s.onlyKeys(SERVICE_KEYS);
                }
                release.put(e.getKey(), s == null ? null : new ProfileYaml.Service(s.text("image"), s.text("envKey")));
            }
        }
        Map<String, String> timeouts = root.textMap("timeouts");
        return new ProfileYaml(
                root.text("name"),
                variables,
                ssh == null ? null : new ProfileYaml.Ssh(ssh.texts("hosts"), port(ssh), ssh.text("user"),
                        ssh.texts("userCandidates"), ssh.text("hostKey")),
                remote == null ? null : new ProfileYaml.Remote(remote.text("dir"), remote.text("secretsDir"),
                        remote.text("composeFile")),
                release,
                hooks == null ? null : new ProfileYaml.Hooks(hooks.text("preDeploy"), hooks.text("cert"),
                        hooks.text("healthCheck")),
                root.text("rollback"),
                root.wholeNumber("keepReleases", 1, Integer.MAX_VALUE),
                timeouts == null ? null : new LinkedHashMap<>(timeouts),
                bootstrap == null ? null : new ProfileYaml.Bootstrap(bootstrap.texts("packages")));
    }

    /** ssh.port: a literal is a port number 1-65535 (checked here); a ${VARIABLE} is checked once resolved. */
    private static String port(YamlNode ssh) {
        String text = ssh.text("port");
        if (text == null || text.contains("${")) {
            return text;
        }
        return String.valueOf(ssh.port("port"));
    }

    private static YamlNode section(YamlNode root, String key, List<String> keys) {
        YamlNode section = root.get(key);
        if (section != null) {
            section.entries();
            section.onlyKeys(keys);
        }
        return section;
    }

    private EnvProfile build(ProfileYaml y, Path baseDir) {
        if (y.name() == null || !PROFILE_NAME.matcher(y.name()).matches()) {
            throw fail("name", "missing or not lowercase letters, digits and -", "e.g. name: staging");
        }
        List<VariableSpec> variables = variables(y.variables());
        Map<String, VariableSpec> byName = new LinkedHashMap<>();
        variables.forEach(v -> byName.put(v.name(), v));

        ProfileYaml.Ssh ssh = require(y.ssh(), "ssh", "add ssh: with hosts:");
        if (ssh.hosts() == null || ssh.hosts().isEmpty()) {
            throw fail("ssh.hosts", "missing", "list at least one host, e.g. [\"${STG_REMOTE_HOST}\"]");
        }
        List<Template> hosts = new ArrayList<>();
        for (int i = 0; i < ssh.hosts().size(); i++) {
            hosts.add(field(byName, "ssh.hosts[" + i + "]", ssh.hosts().get(i), true, false));
        }
        Template port = field(byName, "ssh.port", ssh.port() == null ? "22" : ssh.port(), true, false);
        Template user = ssh.user() == null ? null : field(byName, "ssh.user", ssh.user(), true, false);
        List<String> candidates = ssh.userCandidates() == null ? DEFAULT_USER_CANDIDATES : List.copyOf(ssh.userCandidates());
        if (candidates.isEmpty()) {
            throw fail("ssh.userCandidates", "is empty", "list the users to try, or leave the key out for "
                    + String.join(", ", DEFAULT_USER_CANDIDATES));
        }
        for (String c : candidates) {
            if (c == null || ValueFormat.USER.check(c) != null) {
                throw fail("ssh.userCandidates", "'" + c + "' is not a user name", "use names like ubuntu, debian, root");
            }
        }
        Template hostKey = ssh.hostKey() == null ? null : field(byName, "ssh.hostKey", ssh.hostKey(), true, false);
        if (hostKey != null && hostKey.references().isEmpty() && ValueFormat.HOST_KEY.check(ssh.hostKey()) != null) {
            throw fail("ssh.hostKey", ValueFormat.HOST_KEY.check(ssh.hostKey()), "paste the key ssh-keyscan prints");
        }

        ProfileYaml.Remote remote = require(y.remote(), "remote", "add remote: with dir: and composeFile:");
        Template remoteDir = field(byName, "remote.dir", require(remote.dir(), "remote.dir", "e.g. /opt/app"), true, true);
        Template secretsDir = remote.secretsDir() == null ? null
                : field(byName, "remote.secretsDir", remote.secretsDir(), true, true);
        Template composeFile = field(byName, "remote.composeFile",
                require(remote.composeFile(), "remote.composeFile", "name the compose file the host runs"), true, false);

        Map<String, EnvProfile.ReleaseService> release = release(y.release(), byName);
        checkComposeKeysUnique(variables, release);

        ProfileYaml.Hooks hooks = y.hooks() == null ? new ProfileYaml.Hooks(null, null, null) : y.hooks();
        Template preDeploy = hook(byName, "hooks.preDeploy", hooks.preDeploy());
        Template cert = hook(byName, "hooks.cert", hooks.cert());
        Template health = hook(byName, "hooks.healthCheck", hooks.healthCheck());

        boolean rollbackAuto = rollback(y.rollback());
        int keep = y.keepReleases() == null ? DEFAULT_KEEP_RELEASES : y.keepReleases();
        return new EnvProfile(y.name(), source, baseDir, List.copyOf(variables), List.copyOf(hosts), port, user,
                candidates, hostKey, remoteDir, secretsDir, composeFile, release, preDeploy, cert, health,
                rollbackAuto, keep, timeouts(y.timeouts()), bootstrapPackages(y.bootstrap()));
    }

    private List<VariableSpec> variables(Map<String, ProfileYaml.Variable> raw) {
        if (raw == null || raw.isEmpty()) {
            throw fail("variables", "missing", "declare the variables the environment provides");
        }
        List<VariableSpec> out = new ArrayList<>();
        Map<String, VariableSpec> earlier = new LinkedHashMap<>();
        int sshKeys = 0;
        for (Map.Entry<String, ProfileYaml.Variable> e : raw.entrySet()) {
            String name = e.getKey();
            String at = "variables." + name;
            if (!ENV_NAME.matcher(name).matches()) {
                throw fail(at, "not an environment variable name", "use letters, digits and _");
            }
            ProfileYaml.Variable v = require(e.getValue(), at, "give at least kind:");
            VariableKind kind = VariableKind.fromYaml(v.kind());
            if (kind == null) {
                throw fail(at + ".kind", "'" + v.kind() + "' is not a kind", "use one of " + VariableKind.allNames());
            }
            ValueFormat format = v.format() == null ? ValueFormat.TEXT : ValueFormat.fromYaml(v.format());
            if (format == null) {
                throw fail(at + ".format", "'" + v.format() + "' is not a format", "use one of " + ValueFormat.allNames());
            }
            if (v.composeKey() != null && !ENV_NAME.matcher(v.composeKey()).matches()) {
                throw fail(at + ".composeKey", "not an env-file key", "use letters, digits and _");
            }
            if (Boolean.TRUE.equals(v.required()) && v.defaultValue() != null) {
                throw fail(at, "is required and has a default", "drop one of the two");
            }
            Template def = null;
            if (kind == VariableKind.SSH_KEY) {
                sshKeys++;
                if (v.defaultValue() != null || v.composeKey() != null || v.format() != null) {
                    throw fail(at, "an ssh-key variable has no default, format or composeKey",
                            "the key comes from the ssh agent or --identity-file, never from a value");
                }
            } else if (v.defaultValue() != null) {
                if (kind == VariableKind.SECRET) {
                    throw fail(at + ".default", "a secret has no default", "make it a setting, or required");
                }
                def = Template.parse(v.defaultValue(), source + ": " + at + ".default");
                for (String ref : def.references()) {
                    VariableSpec target = earlier.get(ref);
                    if (target == null || target.kind() != VariableKind.SETTING) {
                        throw fail(at + ".default", "refers to " + ref + ", which is not a setting declared above it",
                                "declare " + ref + " earlier as a setting");
                    }
                }
            }
            boolean required = v.required() == null ? def == null : v.required();
            VariableSpec spec = new VariableSpec(name, kind, format, required, def, v.composeKey());
            out.add(spec);
            earlier.put(name, spec);
        }
        if (sshKeys > 1) {
            throw fail("variables", "declares " + sshKeys + " ssh-key variables", "keep one");
        }
        return out;
    }

    private Map<String, EnvProfile.ReleaseService> release(Map<String, ProfileYaml.Service> raw,
                                                           Map<String, VariableSpec> vars) {
        if (raw == null || raw.isEmpty()) {
            throw fail("release", "missing", "name the compose services that run the release's images");
        }
        Map<String, EnvProfile.ReleaseService> out = new LinkedHashMap<>();
        for (Map.Entry<String, ProfileYaml.Service> e : raw.entrySet()) {
            String at = "release." + e.getKey();
            if (!SERVICE_NAME.matcher(e.getKey()).matches()) {
                throw fail(at, "not a compose service name", "use letters, digits and ._-");
            }
            ProfileYaml.Service s = require(e.getValue(), at, "give image: and envKey:");
            Template image = field(vars, at + ".image", require(s.image(), at + ".image", "e.g. ${IMAGE_REPO}-api"), true, false);
            if (image.references().isEmpty() && ValueFormat.imageRepoProblem(s.image()) != null) {
                throw fail(at + ".image", ValueFormat.imageRepoProblem(s.image()), "name a repository such as ghcr.io/owner/app-api");
            }
            String key = require(s.envKey(), at + ".envKey", "name the env-file key compose reads, e.g. API_IMAGE");
            if (!ENV_NAME.matcher(key).matches()) {
                throw fail(at + ".envKey", "not an env-file key", "use letters, digits and _");
            }
            out.put(e.getKey(), new EnvProfile.ReleaseService(image, key));
        }
        return out;
    }

    private void checkComposeKeysUnique(List<VariableSpec> variables, Map<String, EnvProfile.ReleaseService> release) {
        Set<String> seen = new HashSet<>();
        for (EnvProfile.ReleaseService s : release.values()) {
            if (!seen.add(s.envKey())) {
                throw fail("release", "env-file key " + s.envKey() + " is used twice", "give each service its own key");
            }
        }
        for (VariableSpec v : variables) {
            if (v.composeKey() != null && !seen.add(v.composeKey())) {
                throw fail("variables." + v.name() + ".composeKey", "env-file key " + v.composeKey() + " is used twice",
                        "give each value its own key");
            }
        }
    }

    /** A deploy setting: may refer to settings (never secrets: those reach only the env file). */
    private Template field(Map<String, VariableSpec> vars, String at, String text, boolean settingsOnly, boolean shellSafe) {
        Template t = Template.parse(text, source + ": " + at);
        for (String ref : t.references()) {
            VariableSpec v = vars.get(ref);
            if (v == null) {
                throw fail(at, "refers to " + ref + ", which the profile does not declare", "declare it under variables:");
            }
            if (settingsOnly && v.kind() != VariableKind.SETTING) {
                throw fail(at, "refers to " + ref + ", a " + v.kind().yamlName(),
                        "deploy settings may refer to settings only; secrets reach the host only in the env file");
            }
            if (shellSafe && !v.format().shellSafe()) {
                throw fail(at, "refers to " + ref + ", whose format " + v.format().yamlName() + " admits shell characters",
                        "give it a shell-safe format (host, port, domain, path, user, owner, image-repo)");
            }
        }
        return t;
    }

    /** A remote command: only shell-safe settings may be spliced into it, so no value can run code on the host. */
    private Template hook(Map<String, VariableSpec> vars, String at, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return field(vars, at, text, true, true);
    }

    private boolean rollback(String raw) {
        if (raw == null || raw.equals("auto")) {
            return true;
        }
        // YAML 1.1 readers turn a bare off into false; accept both spellings.
        if (raw.equals("off") || raw.equals("false")) {
            return false;
        }
        throw fail("rollback", "'" + raw + "' is neither auto nor off", "use rollback: auto or rollback: \"off\"");
    }

    private List<String> bootstrapPackages(ProfileYaml.Bootstrap raw) {
        if (raw == null || raw.packages() == null) {
            return List.of();
        }
        if (raw.packages().isEmpty()) {
            throw fail("bootstrap.packages", "is empty", "name the packages, or leave the key out for docker.io and compose");
        }
        for (String p : raw.packages()) {
            if (p == null || !DeployTarget.PACKAGE_NAME.matcher(p).matches()) {
                throw fail("bootstrap.packages", "'" + p + "' is not a Debian package name",
                        "use names as apt-get takes them, e.g. docker.io, docker-compose-v2");
            }
        }
        return List.copyOf(raw.packages());
    }

    private Map<String, Duration> timeouts(Map<String, String> raw) {
        return DeployTimeouts.read(raw, source + ": ");
    }

    private <T> T require(T value, String at, String fix) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw fail(at, "missing", fix);
        }
        return value;
    }

    private UsageException fail(String at, String problem, String fix) {
        return problem(source + (at.isEmpty() ? "" : ": " + at), problem, fix);
    }

    static UsageException problem(String where, String problem, String fix) {
        return UsageException.field(where, problem, fix);
    }
}
