package io.inventiv.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.build.Backend;
import io.inventiv.pipeline.build.Binfmt;
import io.inventiv.pipeline.build.BuildRequest;
import io.inventiv.pipeline.build.BuildResult;
import io.inventiv.pipeline.build.BuildInputs;
import io.inventiv.pipeline.build.BuildSecret;
import io.inventiv.pipeline.build.BuildxDriver;
import io.inventiv.pipeline.build.DockerTools;
import io.inventiv.pipeline.build.ImageSetBuilder;
import io.inventiv.pipeline.build.ImageSpec;
import io.inventiv.pipeline.build.OciLabels;
import io.inventiv.pipeline.build.Revision;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", description = "Build the images of a release set for the target platforms.")
public final class BuildCommand extends EngineCommand {
    @Mixin
    ImageSetOptions set;

    @Option(names = "--push", description = "Push to the registry (log in with REGISTRY_USERNAME/REGISTRY_PASSWORD) and verify.")
    boolean push;

    @Option(names = "--skip-existing", description = "Build nothing when every image's :<sha12> already exists with the platforms.")
    boolean skipExisting;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "Build argument (not for secrets; repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "ID[=ENV]", description = "BuildKit secret from an environment variable (repeatable).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Extra label (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--network", paramLabel = "NETWORK", description = "Network of RUN steps (e.g. none, host).")
    String network;

    // The default as text, so help shows it as it is typed (an enum default prints upper-case).
    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            description = "auto (buildx if installed), buildx or buildkit (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--builder-name", paramLabel = "NAME", description = "Reused docker-container buildx builder (default: ${DEFAULT-VALUE}).")
    String builderName = BuildRequest.DEFAULT_BUILDER;

    @Option(names = "--buildx-driver", paramLabel = "DRIVER", description = "auto (the docker-container builder, else "
            + "the docker driver when it cannot start), docker-container, docker (default: ${DEFAULT-VALUE}).")
    String buildxDriver = BuildxDriver.AUTO.cliName();

    @Option(names = "--registry-cache", negatable = true, description = "Use <repo>:<cache-tag> as buildx registry cache (default: on).")
    boolean registryCache = true;

    @Option(names = "--cache-tag", paramLabel = "TAG", description = "Tag of the registry cache (default: ${DEFAULT-VALUE}).")
    String cacheTag = BuildRequest.DEFAULT_CACHE_TAG;

    @Option(names = "--main-branch", paramLabel = "BRANCH", description = "Only builds of this branch write the cache (default: ${DEFAULT-VALUE}).")
    String mainBranch = "main";

    @Option(names = "--provenance", description = "Attach buildx provenance attestations (off by default).")
    boolean provenance;

    @Option(names = "--sbom", description = "Attach an SBOM attestation (off by default).")
    boolean sbom;

    @Option(names = "--binfmt-image", paramLabel = "IMAGE", description = "Image registering QEMU when qemu-user-static is absent (default: ${DEFAULT-VALUE}).")
    String binfmtImage = Binfmt.DEFAULT_IMAGE;

    @Override
    protected Object execute() {
        Map<String, String> env = ImageSetOptions.environment();
        CommandRunner runner = new CommandRunner();
        // Everything is checked before anything runs: bad input builds nothing.
        BuildInputs.network(network);
        BuildInputs.builderName(builderName);
        BuildInputs.branch("--main-branch", mainBranch);
        BuildInputs.image("--binfmt-image", binfmtImage);
        buildArgs.forEach(BuildInputs::buildArg);
        labels.forEach(BuildInputs::label);
        io.inventiv.pipeline.build.ImageNames.tag(cacheTag, "--cache-tag");
        set.checkFlags();
        List<ImageSpec> images = set.images(env, true);
        List<Platform> platforms = set.platforms();
        Revision revision = set.revision(runner, env);
        List<String> tags = set.tags(revision);
        if (skipExisting && revision.dirty()) {
            throw UsageException.field("--skip-existing", "cannot reuse images for a dirty tree", "commit first");
        }
        if (!push && platforms.size() > 1) {
            throw UsageException.field("--platform", "several platforms cannot be loaded into the local daemon",
                    "add --push");
        }
        BuildxDriver driver = BuildxDriver.parse(buildxDriver, "--buildx-driver");
        if (driver != BuildxDriver.AUTO && backend == Backend.BUILDKIT) {
            throw UsageException.field("--buildx-driver", "applies only to buildx, not --backend buildkit",
                    "drop --buildx-driver, or use --backend buildx");
        }
        if (driver == BuildxDriver.DOCKER && platforms.size() > 1) {
            throw UsageException.field("--platform", "the docker driver builds one platform at a time",
                    "build one platform, or use --buildx-driver docker-container");
        }
        if (driver == BuildxDriver.DOCKER && (provenance || sbom)) {
            throw UsageException.field(provenance ? "--provenance" : "--sbom", "the docker driver attaches no "
                    + "attestations", "drop the flag, or use --buildx-driver docker-container");
        }
        List<BuildSecret> buildSecrets = secrets.stream().map(s -> BuildSecret.parse(s, env)).toList();
        BuildRequest request = new BuildRequest(images, platforms, tags, OciLabels.of(revision, labels), buildArgs,
                buildSecrets, network, push, registryCache, revision.isBranch(mainBranch),
                io.inventiv.pipeline.build.ImageNames.tag(cacheTag, "--cache-tag"), provenance, sbom, builderName,
                revision.createdEpoch());

        DockerTools tools = set.tools(env, runner, OutputListener.prefixed("  "), images);
        ImageSetBuilder builder = new ImageSetBuilder(tools, new Binfmt(Binfmt.Setup.system(tools.docker(), binfmtImage)));
        Backend chosen = builder.chooseBackend(backend, request);
        progress().println("build: " + images.size() + " image(s) for " + platforms + " as " + tags + " with " + chosen.jsonName());
        return builder.build(request, chosen, driver, skipExisting);
    }

    @Override
    protected String render(Object result) {
        BuildResult r = (BuildResult) result;
        StringBuilder b = new StringBuilder(r.skipped() ? "already built, nothing to do:\n" : "");
        for (BuildResult.Image i : r.images()) {
            b.append(i.name()).append(": ").append(i.image()).append(' ').append(i.tags())
                    .append(' ').append(i.platforms()).append(i.digest() == null ? "" : " " + i.digest()).append('\n');
        }
        if (r.buildxBuilder() != null) {
            b.append("built with buildx, builder ").append(r.buildxBuilder()).append(" (").append(r.driver())
                    .append(" driver)\n");
        } else if (!r.skipped()) {
            b.append("built with ").append(r.builder()).append('\n');
        }
        for (String note : r.notes()) {
            b.append("note: ").append(note).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
