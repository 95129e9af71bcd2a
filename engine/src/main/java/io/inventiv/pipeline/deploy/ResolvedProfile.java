package io.inventiv.pipeline.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile met with a complete, valid environment: the deploy target, the secret values (for
 * the redactor only) and the env file of a release.
 */
public final class ResolvedProfile {
    private final EnvProfile profile;
    private final DeployTarget target;
    private final Map<String, String> values;
    private final ProfileReport report;

    ResolvedProfile(EnvProfile profile, DeployTarget target, Map<String, String> values, ProfileReport report) {
        this.profile = profile;
        this.target = target;
        this.values = values;
        this.report = report;
    }

    public DeployTarget deployTarget() {
        return target;
    }

    /** Secret name → value, for {@code Redactor.add} only (already added to the global redactor). */
    public Map<String, String> secretValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (VariableSpec v : profile.variables()) {
            if (v.kind() == VariableKind.SECRET && values.containsKey(v.name())) {
                out.put(v.name(), values.get(v.name()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Setting name → value (explicit or default) for the settings that have one; no secrets. */
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (VariableSpec v : profile.variables()) {
            if (v.kind() == VariableKind.SETTING && values.containsKey(v.name())) {
                out.put(v.name(), values.get(v.name()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** What validation found (ok, defaults applied, how the SSH key was found, notes). */
    public ProfileReport report() {
        return report;
    }

    /**
     * The env-file text for this release: one {@code KEY='repo@digest'} line per release service
     * (key from imageEnvKeys), then each setting and secret the profile maps to a compose key.
     *
     * @param serviceImageRefs compose service → {@code repo@sha256:...}; exactly the release services
     * @throws io.inventiv.pipeline.UsageException naming the service or variable that cannot be written
     */
    public String renderEnvFile(Map<String, String> serviceImageRefs) {
        ReleaseImages.check(target.releaseServices(), serviceImageRefs);
        StringBuilder out = new StringBuilder();
        out.append("# ").append(profile.name()).append(" env file written by inventiv-pipeline render-env; "
                + "values are single-quoted and literal\n");
        for (Map.Entry<String, String> e : target.imageEnvKeys().entrySet()) {
            out.append(line(e.getKey(), e.getValue(), serviceImageRefs.get(e.getKey())));
        }
        for (VariableSpec v : profile.variables()) {
            if (v.composeKey() != null && values.containsKey(v.name())) {
                out.append(line(v.name(), v.composeKey(), values.get(v.name())));
            }
        }
        return out.toString();
    }

    /** The keys {@link #renderEnvFile} writes, in order: image keys, then the mapped variables that have a value. */
    public List<String> envFileKeys() {
        List<String> keys = new ArrayList<>(target.imageEnvKeys().values());
        for (VariableSpec v : profile.variables()) {
            if (v.composeKey() != null && values.containsKey(v.name())) {
                keys.add(v.composeKey());
            }
        }
        return List.copyOf(keys);
    }

    private static String line(String name, String key, String value) {
        String problem = EnvFileValue.problem(value);
        if (problem != null) {
            throw io.inventiv.pipeline.UsageException.field(name, "cannot be written to the env file: it " + problem,
                    "keep such a value in a file under the secrets directory");
        }
        return EnvFileValue.line(key, value) + "\n";
    }
}
