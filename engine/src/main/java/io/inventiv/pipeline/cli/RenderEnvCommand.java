package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.EnvFile;
import io.inventiv.pipeline.deploy.Profiles;
import io.inventiv.pipeline.deploy.ResolvedProfile;
import io.inventiv.pipeline.deploy.remote.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "render-env", description = "Write the env file for the remote host.")
public final class RenderEnvCommand extends EngineCommand {

    @Option(names = "--profile", required = true, paramLabel = "NAME|FILE",
            description = "Required. Built-in profile (staging, production) or a profile YAML file.")
    String profile;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Required. Env file to write (0600, atomically).")
    Path output;

    @Option(names = "--image", paramLabel = "SERVICE=REPO@sha256:…", description = "Image of one release service (repeatable).")
    List<String> images = new ArrayList<>();

    @Option(names = "--digest", paramLabel = "SERVICE=sha256:...",
            description = "Digest of one release service, in the repository the profile names (repeatable).")
    List<String> digests = new ArrayList<>();

    @Option(names = "--release", paramLabel = "FILE", description = "JSON/YAML file of service: repo@digest.")
    Path release;

    @Option(names = "--owner", paramLabel = "OWNER",
            description = "GitHub owner of the images; sets GITHUB_OWNER (IMAGE_REPO and GHCR_USERNAME defaults).")
    String owner;

    /** What was written: names and image references, never a setting or secret value. */
    public record Result(String profile, String file, Map<String, String> images, List<String> keys) {
    }

    @Override
    protected Object execute() {
        OutputFile.check("--output", output);
        ResolvedProfile resolved = Profiles.resolveWithoutSshKey(profile,
                ValidateEnvCommand.environment(System.getenv(), owner));
        Map<String, String> flagOf = new LinkedHashMap<>();
        Map<String, String> refs = imageRefs(resolved.deployTarget().releaseServices(), flagOf);
        io.inventiv.pipeline.deploy.ReleaseImages.check(resolved.deployTarget().releaseServices(), refs,
                service -> flagOf.getOrDefault(service, release != null ? "--release" : !digests.isEmpty() ? "--digest" : "--image"));
        String text = resolved.renderEnvFile(refs);
        EnvFile.writeAtomically(output, text);
        Result r = new Result(resolved.deployTarget().environment(), output.toAbsolutePath().toString(), refs,
                resolved.envFileKeys());
        return r;
    }

    private Map<String, String> imageRefs(Map<String, String> repos, Map<String, String> flagOf) {
        Map<String, String> refs = new LinkedHashMap<>();
        if (release != null) {
            InputFile.check("--release", release);
            refs.putAll(Release.fromFile(release).references());
            refs.keySet().forEach(s -> flagOf.put(s, "--release"));
        }
        // Lists, not picocli maps: a map keeps the last of two values for one service without a word.
        for (String pair : images) {
            String service = service("--image", pair, "SERVICE=REPO@sha256:…");
            put(refs, service, pair.substring(service.length() + 1), "--image");
            flagOf.put(service, "--image");
        }
        for (String pair : digests) {
            String service = service("--digest", pair, "SERVICE=sha256:…");
            String digest = pair.substring(service.length() + 1);
            String repo = repos.get(service);
            if (repo == null) {
                throw UsageException.field("--digest", service + " is not a release service of this profile",
                        "use one of " + String.join(", ", repos.keySet()));
            }
            put(refs, service, repo + "@" + digest, "--digest");
            flagOf.put(service, "--digest");
        }
        if (refs.isEmpty()) {
            throw UsageException.field("--image", "no release images given",
                    "pass --image SERVICE=REPO@DIGEST or --digest SERVICE=sha256:... for each of "
                            + String.join(", ", repos.keySet()) + ", or --release FILE");
        }
        return refs;
    }

    private static String service(String flag, String pair, String shape) {
        int eq = pair.indexOf('=');
        if (eq < 1) {
            throw UsageException.field(flag, "'" + pair + "' is not " + shape, "e.g. " + flag + " api=" + shape.substring(shape.indexOf('=') + 1));
        }
        return pair.substring(0, eq);
    }

    private static void put(Map<String, String> refs, String service, String ref, String flag) {
        if (refs.containsKey(service)) {
            throw UsageException.field(flag + " " + service, "given twice", "give each service once");
        }
        refs.put(service, ref);
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        Result r = (Result) result;
        return "wrote " + r.file() + " (0600) for " + r.profile() + ": " + String.join(", ", r.keys());
    }
}
