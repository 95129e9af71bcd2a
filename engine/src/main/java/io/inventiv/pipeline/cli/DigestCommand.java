package io.inventiv.pipeline.cli;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "digest", description = "Resolve an image reference to its digest (HEAD, falling back to GET).")
public final class DigestCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "REF", description = "REGISTRY/REPOSITORY:TAG or ...@sha256:DIGEST")
    String reference;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    /** The JSON of {@code digest --json}. */
    public record Result(String reference, String digest, int requests) {
    }

    @Override
    protected Object execute() {
        ImageRef ref = ImageRef.parse(reference, "REF");
        if (ref.reference() == null) {
            ref = ref.withTag("latest");
        }
        RegistryClient client = RegistryClient.fromEnvironment(registry.options());
        ImageRef asked = ref;
        Digest d = client.resolve(ref).orElseThrow(() -> new EngineException("digest " + asked
                + ": the registry has no such " + (asked.digest() != null ? "digest" : "tag")));
        return new Result(ref.toString(), d.toString(), client.requestCount());
    }

    @Override
    protected String render(Object result) {
        return ((Result) result).digest();
    }
}
