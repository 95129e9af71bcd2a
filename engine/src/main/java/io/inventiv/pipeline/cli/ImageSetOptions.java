package io.inventiv.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.build.DockerTools;
import io.inventiv.pipeline.build.ImageNames;
import io.inventiv.pipeline.build.ImageSetFile;
import io.inventiv.pipeline.build.ImageSpec;
import io.inventiv.pipeline.build.ImageTags;
import io.inventiv.pipeline.build.Platforms;
import io.inventiv.pipeline.build.Revision;
import io.inventiv.pipeline.build.RevisionResolver;
import io.inventiv.pipeline.build.ClientRegistryCheck;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;
import io.inventiv.pipeline.oci.RegistryClient;
import io.inventiv.pipeline.oci.RegistryHost;
import io.inventiv.pipeline.oci.RegistryOptions;
import picocli.CommandLine.Option;

/** Options {@code build} and {@code push} share: which images, platforms, tags, docker client. */
final class ImageSetOptions {
    @Option(names = "--images", paramLabel = "FILE",
            description = "Image set YAML (name, context, dockerfile, target per image). Excludes --repository, --name, --context, --dockerfile, --target.")
    Path imagesFile;

    @Option(names = "--repository-prefix", paramLabel = "PREFIX",
            description = "With --images: image NAME goes to PREFIX-NAME (default: $IMAGE_REPO).")
    String repositoryPrefix;

    @Option(names = "--repository", paramLabel = "REPO",
            description = "Single image: its repository, e.g. ghcr.io/o/app (no tag). Required unless --images is given.")
    String repository;

    @Option(names = "--name", paramLabel = "NAME", description = "Single image: its short name (default: last part of --repository).")
    String name;

    @Option(names = "--context", paramLabel = "DIR", description = "Single image: build context (default: .).")
    Path context;

    @Option(names = "--dockerfile", paramLabel = "FILE", description = "Single image: Dockerfile (default: CONTEXT/Dockerfile).")
    Path dockerfile;

    @Option(names = "--target", paramLabel = "STAGE", description = "Single image: Dockerfile stage to build (docker's --target).")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Platforms, comma-separated or repeated (default: linux/arm64).")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--extra-tag", paramLabel = "TAG", description = "Extra tag, besides <sha12> and the v* release tag (repeatable).")
    List<String> extraTags = new ArrayList<>();

    @Option(names = "--commit", paramLabel = "SHA", description = "Commit being built (default: PR head, GIT_COMMIT, git HEAD).")
    String commit;

    @Option(names = "--allow-dirty", description = "Build a tree with uncommitted changes (tag <sha12>-dirty).")
    boolean allowDirty;

    @Option(names = "--source-dir", paramLabel = "DIR", description = "The git checkout (default: current directory).")
    Path sourceDir;

    @Option(names = "--docker", paramLabel = "PATH", description = "docker client (default: $INVENTIV_DOCKER, else docker on PATH).")
    String docker;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA of the registry for read-back (default: /etc/docker/certs.d/HOST/ca.crt, as dockerd).")
    Path caFile;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Registry read back over plain http besides loopback; without a port, every port of HOST (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    static Map<String, String> environment() {
        return System.getenv();
    }

    /** The flags that name no image, checked before any image is read or any tool runs. */
    void checkFlags() {
        insecureRegistries.forEach(h -> RegistryHost.check("--insecure-registry", h));
        if (caFile != null && !Files.isRegularFile(caFile)) {
            throw UsageException.field("--ca-file", "file " + caFile + " does not exist", "give the registry's CA (PEM)");
        }
        if (sourceDir != null && !Files.isDirectory(sourceDir)) {
            throw UsageException.field("--source-dir", "directory " + sourceDir + " does not exist", "give the git checkout");
        }
        if (docker != null && docker.isBlank()) {
            throw UsageException.field("--docker", "empty", "give the docker client's path, or leave the flag out");
        }
    }

    List<ImageSpec> images(Map<String, String> env, boolean buildFiles) {
        String prefix = repositoryPrefix != null ? repositoryPrefix : env.get("IMAGE_REPO");
        if (imagesFile != null) {
            if (repository != null || context != null || dockerfile != null || target != null || name != null) {
                throw UsageException.field("--images", "given together with single-image flags",
                        "use either --images FILE or --repository/--name/--context/--dockerfile/--target");
            }
            return ImageSetFile.read(imagesFile, prefix, buildFiles);
        }
        if (repositoryPrefix != null) {
            throw UsageException.field("--repository-prefix", "only applies to an image set",
                    "with a single image give its whole repository with --repository; or use --images FILE");
        }
        if (repository == null) {
            throw UsageException.field("--repository", "no image repository given",
                    "pass --repository ghcr.io/OWNER/NAME, or --images FILE with --repository-prefix");
        }
        ImageRef repo = ImageNames.repository(repository, "--repository");
        String shortName = name != null ? name : repo.repository().substring(repo.repository().lastIndexOf('/') + 1);
        Path ctx = context != null ? context : Path.of(".");
        return List.of(ImageSpec.checked(ImageSetOptions::flagOf, shortName, repo, ctx, dockerfile, target, buildFiles));
    }

    /** The flag that sets an image key (name, context, dockerfile, target) for a single image. */
    private static String flagOf(String key) {
        return switch (key) {
            case "dockerfile" -> "--dockerfile";
            default -> "--" + key;
        };
    }

    List<Platform> platforms() {
        return Platforms.parse(platforms.isEmpty() ? List.of(Platforms.DEFAULT) : platforms);
    }

    Revision revision(CommandRunner runner, Map<String, String> env) {
        Path dir = sourceDir != null ? sourceDir : Path.of("").toAbsolutePath();
        return new RevisionResolver(runner, env, dir).resolve(commit);
    }

    List<String> tags(Revision revision) {
        return ImageTags.compute(revision, extraTags, allowDirty);
    }

    DockerTools tools(Map<String, String> env, CommandRunner runner, OutputListener listener, List<ImageSpec> images) {
        RegistryOptions options = new RegistryOptions(caFile != null ? caFile : DockerTools.daemonCa(images),
                insecureRegistries);
        return new DockerTools(DockerTools.dockerBinary(docker, env), env, runner, listener,
                () -> new ClientRegistryCheck(RegistryClient.fromEnvironment(options)));
    }
}
