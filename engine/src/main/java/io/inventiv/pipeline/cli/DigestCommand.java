package io.inventiv.pipeline.cli;

import java.util.Map;
import java.util.Optional;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageLabels;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;
import io.inventiv.pipeline.oci.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "digest", description = "Resolve an image reference to its digest (HEAD, falling back to GET).")
public final class DigestCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "REF", description = "REGISTRY/REPOSITORY:TAG or ...@sha256:DIGEST")
    String reference;

    @Option(names = "--labels", description = "Also report the image's labels and revision, read from its config "
            + "(one more request per platform read; an index's platforms must agree on the revision).")
    boolean labels;

    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "With --labels: read only this platform of an index (default: every platform).")
    String platform;

    @Option(names = "--allow-missing", description = "A reference the registry does not have is no failure: digest is null, exit 0.")
    boolean allowMissing;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    /** The JSON of {@code digest --json}; digest is null only with --allow-missing. */
    public record Result(String reference, String digest, int requests) {
    }

    /** The JSON of {@code digest --labels --json}: revision is null (labels empty) for an image without labels. */
    public record LabelledResult(String reference, String digest, String revision, Map<String, String> labels,
            int requests) {
    }

    @Override
    protected Object execute() {
        ImageRef ref = ImageRef.parse(reference, "REF");
        if (ref.reference() == null) {
            ref = ref.withTag("latest");
        }
        Platform wanted = null;
        if (platform != null) {
            if (!labels) {
                throw io.inventiv.pipeline.UsageException.field("--platform", "only chooses whose labels are read",
                        "add --labels, or leave --platform out");
            }
            wanted = Platform.parseKnown(platform, "--platform");
        }
        RegistryClient client = RegistryClient.fromEnvironment(registry.options());
        if (labels) {
            Optional<ImageLabels.Result> found = ImageLabels.read(client, ref, wanted);
            if (found.isEmpty()) {
                missing(ref);
                return new LabelledResult(ref.toString(), null, null, null, client.requestCount());
            }
            ImageLabels.Result r = found.get();
            return new LabelledResult(ref.toString(), r.digest().toString(), r.revision(), r.labels(), client.requestCount());
        }
        Optional<Digest> d = client.resolve(ref);
        if (d.isEmpty()) {
            missing(ref);
        }
        return new Result(ref.toString(), d.map(Digest::toString).orElse(null), client.requestCount());
    }

    private void missing(ImageRef ref) {
        if (!allowMissing) {
            throw new EngineException("digest " + ref + ": the registry has no such " + (ref.digest() != null ? "digest" : "tag"));
        }
    }

    @Override
    protected String render(Object result) {
        if (result instanceof LabelledResult r) {
            if (r.digest() == null) {
                return "";
            }
            StringBuilder b = new StringBuilder(r.digest());
            r.labels().forEach((k, v) -> b.append('\n').append(k).append('=').append(v));
            return b.toString();
        }
        String digest = ((Result) result).digest();
        return digest == null ? "" : digest;
    }
}
