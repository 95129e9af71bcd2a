package io.inventiv.pipeline.cli;

import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;
import io.inventiv.pipeline.oci.Promotion;
import io.inventiv.pipeline.oci.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "promote", description = "Point a tag at the exact manifest of a digest, for one image or a release set.")
public final class PromoteCommand extends EngineCommand {

    @Option(names = "--source", paramLabel = "REF", required = true,
            description = "Required. Image to promote, REPO@sha256:... or REPO:TAG. Repeat for a release set (all or nothing).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", required = true, description = "Required. The tag to move, e.g. staging.")
    String tag;

    @Option(names = "--target-repo", paramLabel = "REPO",
            description = "Repository to tag in, on the source's registry (default: the source's). "
                    + "Give it once per --source, in the same order.")
    List<String> targetRepos = new ArrayList<>();

    @Option(names = "--require-platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Fail before any write unless every image has this platform. Repeatable.")
    List<String> requiredPlatforms = new ArrayList<>();

    @Option(names = "--plan", description = "Say, per image, where the tag points now and where it would point, "
            + "after the same checks as a promote (existence, platforms); write nothing.")
    boolean plan;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    protected Object execute() {
        ImageRef.checkTag(tag, "--tag");
        List<Platform> required = new ArrayList<>();
        for (String p : requiredPlatforms) {
            required.add(Platform.parseKnown(p, "--require-platform"));
        }
        if (!targetRepos.isEmpty() && targetRepos.size() != sources.size()) {
            throw UsageException.field("--target-repo", "given " + targetRepos.size() + " times for "
                    + sources.size() + " --source", "give one --target-repo per --source, in the same order, or none");
        }
        List<Promotion.Request> requests = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ImageRef source = ImageRef.parse(sources.get(i), "--source");
            ImageRef targetRepo = targetRepos.isEmpty() ? source.repositoryOnly()
                    : ImageRef.parseRepository(targetRepos.get(i), "--target-repo");
            requests.add(new Promotion.Request(source, targetRepo.withTag(tag)));
        }
        Promotion.validate(requests);
        RegistryClient client = RegistryClient.fromEnvironment(registry.options());
        Promotion promotion = new Promotion(client, line -> progress().println(line));
        return plan ? promotion.plan(requests, required) : promotion.promote(requests, required);
    }

    @Override
    protected String render(Object result) {
        if (result instanceof Promotion.Plan p) {
            return planText(p.images());
        }
        StringBuilder b = new StringBuilder();
        for (Promotion.Image i : ((Promotion.Result) result).images()) {
            b.append(i.target()).append(" = ").append(i.digest())
                    .append(i.changed() ? "" : " (unchanged)").append('\n');
        }
        return b.toString().strip();
    }

    /** One line per image: the tag, where it points now, where it would point. */
    private static String planText(List<Promotion.Image> images) {
        StringBuilder b = new StringBuilder("promote plan (nothing was changed):\n");
        for (Promotion.Image i : images) {
            b.append("  ").append(i.target()).append(": ")
                    .append(i.previousDigest() == null ? "no such tag yet" : i.previousDigest())
                    .append(i.changed() ? " -> " + i.digest() : " (unchanged)").append('\n');
        }
        return b.toString().strip();
    }

    /** The plan is what an approver reads in the build log: with --json it goes to stderr as well. */
    @Override
    protected boolean reportAlsoWithJson() {
        return plan;
    }
}
