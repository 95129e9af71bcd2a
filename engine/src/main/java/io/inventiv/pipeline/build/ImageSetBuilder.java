package io.inventiv.pipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.exec.ProcessResult;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/**
 * Builds every image of a release set: QEMU for foreign platforms, buildx with a reused
 * docker-container builder or, when that cannot start, the docker driver (without the buildx
 * plugin: the daemon's BuildKit, one platform), push with a temporary login, digest from buildx
 * metadata or read back from the registry, and push verification.
 */
public final class ImageSetBuilder {
    private final DockerTools tools;
    private final Binfmt binfmt;

    public ImageSetBuilder(DockerTools tools, Binfmt binfmt) {
        this.tools = tools;
        this.binfmt = binfmt;
    }

    /** Picks the builder; several platforms without buildx is bad input (exit 2). */
    public Backend chooseBackend(Backend wanted, BuildRequest request) {
        Backend chosen = wanted;
        if (wanted != Backend.BUILDKIT) {
            boolean hasBuildx = tools.runner().run(Command.of(new BuildxCommand(tools.docker()).version())).ok();
            if (!hasBuildx && wanted == Backend.BUILDX) {
                throw UsageException.field("--backend buildx", "'" + tools.docker() + " buildx' is not installed",
                        "install docker-buildx-plugin on the agent, or use --backend auto");
            }
            chosen = hasBuildx ? Backend.BUILDX : Backend.BUILDKIT;
        }
        if (chosen == Backend.BUILDKIT && request.platforms().size() > 1) {
            throw UsageException.field("--platform", "building " + Platforms.join(request.platforms())
                    + " at once needs docker buildx, which is not installed", "install docker-buildx-plugin on the "
                    + "agent, or build one platform");
        }
        return chosen;
    }

    public BuildResult build(BuildRequest request, Backend backend, BuildxDriver driver, boolean skipExisting) {
        boolean needsRegistry = request.push() || skipExisting;
        try (RegistryLogin login = needsRegistry
                ? RegistryLogin.open(tools.docker(), registries(request.images()), tools.env(), tools.runner(),
                        tools.listener())
                : RegistryLogin.persistent(tools.env())) {
            RegistryCheck registry = needsRegistry ? tools.registry().get() : null;
            if (skipExisting) {
                Optional<List<BuildResult.Image>> existing = existing(request, registry);
                if (existing.isPresent()) {
                    return BuildResult.plain(existing.get(), backend.jsonName(), true);
                }
            }
            List<String> notes = new ArrayList<>();
            BuildxBuilder builder = backend == Backend.BUILDX ? buildxBuilder(request, driver, login, notes) : null;
            binfmt.ensure(request.platforms(), tools.runner(), tools.listener());
            List<BuildResult.Image> images = new ArrayList<>();
            for (ImageSpec image : request.images()) {
                Digest digest = builder != null ? buildx(request, image, login, builder)
                        : buildkit(request, image, login);
                if (request.push()) {
                    if (digest == null) {
                        digest = registry.resolve(image.repository().withTag(request.tags().get(0)))
                                .orElseThrow(() -> new EngineException("push " + image.repository() + ":"
                                        + request.tags().get(0) + ": the registry does not have the tag after the push"));
                    }
                    new PushVerifier(registry).verify(image.repository(), request.tags(), digest, request.platforms());
                }
                images.add(new BuildResult.Image(image.name(), image.repository().name(),
                        request.push() && digest != null ? digest.toString() : null, request.tags(),
                        platformNames(request.platforms())));
            }
            return new BuildResult(images, backend.jsonName(), builder == null ? null : builder.name(),
                    builder == null ? null : builder.driver(), false, notes);
        }
    }

    /** The builder, and what the docker driver leaves out; several platforms on it are refused before any build. */
    private BuildxBuilder buildxBuilder(BuildRequest request, BuildxDriver driver, RegistryLogin login,
            List<String> notes) {
        BuildxBuilderChoice.Choice choice = new BuildxBuilderChoice(tools).choose(driver, request.builderName(),
                login.env());
        BuildxBuilder builder = choice.builder();
        if (choice.fallbackReason() != null) {
            notes.add("the docker-container builder " + request.builderName() + " cannot start ("
                    + choice.fallbackReason() + "): built with the docker driver");
        }
        if (!builder.limited()) {
            return builder;
        }
        if (request.platforms().size() > 1) {
            throw UsageException.field("--platform", "building " + Platforms.join(request.platforms())
                    + " at once needs the docker-container buildx driver; builder " + builder.name()
                    + " uses the docker driver", "build one platform, or let the agent's daemon pull moby/buildkit");
        }
        if (request.provenance() || request.sbom()) {
            throw UsageException.field(request.provenance() ? "--provenance" : "--sbom", "attestations need the "
                    + "docker-container buildx driver; builder " + builder.name() + " uses the docker driver",
                    "drop the flag, or let the agent's daemon pull moby/buildkit");
        }
        if (request.registryCache() && request.cacheTo()) {
            notes.add("registry cache not written: the docker driver refuses --cache-to type=registry (it was read with "
                    + "--cache-from)");
        }
        return builder;
    }

    /** With --skip-existing: every image's {@code :<sha12>} exists with every platform → reuse them. */
    private Optional<List<BuildResult.Image>> existing(BuildRequest request, RegistryCheck registry) {
        String shaTag = request.tags().get(0);
        List<BuildResult.Image> found = new ArrayList<>();
        for (ImageSpec image : request.images()) {
            ImageRef ref = image.repository().withTag(shaTag);
            Optional<Digest> digest = registry.resolve(ref);
            if (digest.isEmpty()) {
                tools.listener().line(OutputListener.Stream.STDERR, ref + " does not exist yet: building the set");
                return Optional.empty();
            }
            List<Platform> have = registry.platforms(image.repository().withDigest(digest.get()));
            for (Platform wanted : request.platforms()) {
                if (have.stream().noneMatch(wanted::isSatisfiedBy)) {
                    tools.listener().line(OutputListener.Stream.STDERR, ref + " lacks " + wanted + ": building the set");
                    return Optional.empty();
                }
            }
            found.add(new BuildResult.Image(image.name(), image.repository().name(), digest.get().toString(),
                    List.of(shaTag), platformNames(request.platforms())));
        }
        return Optional.of(found);
    }

    private Digest buildx(BuildRequest request, ImageSpec image, RegistryLogin login, BuildxBuilder builder) {
        Path dir = tempDir();
        try {
            Path metadata = dir.resolve("metadata.json");
            Command cmd = Command.of(new BuildxCommand(tools.docker()).build(request, image, metadata, builder))
                    .withEnv(login.env())
                    // BuildKit 0.11+ clamps timestamps to it: the same commit rebuilds to the same image.
                    .withEnv("SOURCE_DATE_EPOCH", String.valueOf(request.sourceDateEpoch()));
            tools.runner().runChecked(cmd, tools.listener(), "build " + image.name() + " (" + image.repository() + ")");
            if (!request.push()) {
                return null;
            }
            Digest digest = BuildMetadata.digest(metadata, image.name());
            tools.listener().line(OutputListener.Stream.STDERR, "buildx metadata of " + image.name()
                    + ": containerimage.digest " + digest);
            return digest;
        } finally {
            RegistryLogin.deleteTree(dir);
        }
    }

    private Digest buildkit(BuildRequest request, ImageSpec image, RegistryLogin login) {
        BuildkitCommand cmds = new BuildkitCommand(tools.docker());
        Command build = Command.of(cmds.build(request, image)).withEnv(login.env()).withEnv(BuildkitCommand.ENV);
        ProcessResult r = tools.runner().run(build, tools.listener());
        if (!r.ok()) {
            throw new EngineException("build " + image.name() + " (" + image.repository() + "): docker build "
                    + (r.timedOut() ? "timed out" : "exited " + r.exitCode()) + ": "
                    + r.tail(3).replace('\n', ' ').strip() + (r.stderr().contains("buildx")
                            ? DockerTools.buildkitHint(tools.docker()) : ""));
        }
        if (request.push()) {
            for (String tag : request.tags()) {
                String ref = ImageNames.tagged(image.repository(), tag);
                tools.runner().runChecked(Command.of(cmds.push(ref)).withEnv(login.env()), tools.listener(),
                        "push " + ref);
            }
        }
        return null; // read back from the registry
    }

    private Path tempDir() {
        try {
            return Files.createTempDirectory(RegistryLogin.tempRoot(tools.env()), "inventiv-build-");
        } catch (IOException e) {
            throw new UncheckedIOException("create a temporary directory for buildx metadata", e);
        }
    }

    static Set<String> registries(List<ImageSpec> images) {
        Set<String> out = new LinkedHashSet<>();
        for (ImageSpec i : images) {
            out.add(i.repository().registry());
        }
        return out;
    }

    static List<String> platformNames(List<Platform> platforms) {
        return platforms.stream().map(Platform::toString).toList();
    }
}
