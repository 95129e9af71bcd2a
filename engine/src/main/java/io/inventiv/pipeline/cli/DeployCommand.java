package io.inventiv.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;
import io.inventiv.pipeline.deploy.remote.ChangePlan;
import io.inventiv.pipeline.deploy.remote.DeployPlan;
import io.inventiv.pipeline.deploy.remote.Deployment;
import io.inventiv.pipeline.deploy.remote.ImageEnv;
import io.inventiv.pipeline.deploy.remote.Release;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", description = "Remote update over SSH: lock, upload, pull, up -d, verify, health, rollback, audit.")
public final class DeployCommand extends EngineCommand {

    @Mixin
    RemoteOptions remote;

    @Option(names = "--release", paramLabel = "FILE", description = "JSON/YAML: service → REPOSITORY@sha256:….")
    Path releaseFile;

    @Option(names = "--image", paramLabel = "SERVICE=REPO@sha256:…", description = "One service's image (repeatable).")
    List<String> images;

    @Option(names = "--digest", paramLabel = "SERVICE=sha256:…",
            description = "One service's digest, in the repository the profile or target file names for it (repeatable).")
    List<String> digests;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "With --target-file: the env file (0600) without image lines; the release's references are added. "
                    + "With --profile the env file is rendered from the profile.")
    Path envFile;

    @Option(names = "--secrets-dir", paramLabel = "DIR", description = "Local directory whose files go to the host's secretsDir (0600).")
    Path secretsDir;

    @Mixin
    LockOptions lock;

    @Option(names = "--plan", description = "Say what the deploy would change on each host (running digests, env keys "
            + "by name, compose file) and change nothing: no lock, no upload, no pull.")
    boolean plan;

    @Override
    protected Object execute() {
        DeployTarget target = remote.target();
        Release release = release(target);
        var ssh = remote.ssh();
        DeployCommand.secretsDirExists(secretsDir);
        if (envFile != null) {
            InputFile.check("--env-file", envFile);
        }
        if (target.composeFile() == null) {
            throw UsageException.field("composeFile", "the target names no compose file", "set composeFile");
        }
        String compose = read("composeFile", target.composeFile(), false);
        String env;
        if (remote.profile() != null) {
            if (envFile != null) {
                throw UsageException.field("--env-file", "given together with --profile",
                        "the profile renders the env file; drop --env-file");
            }
            env = remote.profile().renderEnvFile(release.references());
        } else {
            env = ImageEnv.merge(envFile == null ? "" : read("--env-file", envFile, true), target.imageEnvKeys(), release);
        }
        // A plan checks everything a deploy checks, so the deploy it announces is one that can start.
        Map<String, byte[]> secretFiles = secrets();
        DeployPlan deploy = DeployPlan.deploy(target, release, env, compose, secretFiles, lock.buildId(),
                lock.lockWait(), RemoteCli.registryLogin(release));
        if (plan) {
            return ChangePlan.deploy(new CommandRunner(), target,
                    new ChangePlan.Next(deploy.releaseId(), release, env, compose, secretFiles), ssh,
                    OutputListener.prefixed(""));
        }
        return Deployment.run(new CommandRunner(), deploy, ssh, OutputListener.prefixed(""));
    }

    @Override
    protected String render(Object result) {
        return result instanceof ChangePlan.Result p ? PlanText.render(p) : RemoteCli.render((Deployment.Result) result);
    }

    @Override
    protected int exitCode(Object result) {
        return result instanceof Deployment.Result r ? r.exitCode() : 0;
    }

    /** The plan is what the approver reads in the build log: with --json it goes to stderr as well. */
    @Override
    protected boolean reportAlsoWithJson() {
        return plan;
    }

    /** The release's images, each service given once, named by the flag that gave it. */
    private Release release(DeployTarget target) {
        Map<String, Release.Image> images = new LinkedHashMap<>();
        Map<String, String> flagOf = new LinkedHashMap<>();
        if (releaseFile != null) {
            InputFile.check("--release", releaseFile);
            Release.fromFile(releaseFile).services().forEach((service, image) -> {
                images.put(service, image);
                flagOf.put(service, "--release");
            });
        }
        for (String i : this.images == null ? List.<String>of() : this.images) {
            add(images, flagOf, "--image", Release.parseAssignment("--image", i));
        }
        for (String d : digests == null ? List.<String>of() : digests) {
            add(images, flagOf, "--digest", digest(target, d));
        }
        if (images.isEmpty()) {
            throw UsageException.field("--release", "no images given",
                    "pass --release FILE, --image SERVICE=REPO@sha256:… or --digest SERVICE=sha256:…");
        }
        checkServices(target.releaseServices(), images, flagOf);
        return new Release(images);
    }

    private void add(Map<String, Release.Image> images, Map<String, String> flagOf, String flag,
                     Map.Entry<String, Release.Image> e) {
        if (images.containsKey(e.getKey())) {
            String other = flagOf.get(e.getKey());
            throw UsageException.field(flag + " " + e.getKey(), "given twice"
                    + (other.equals("--release") ? " (also in --release " + releaseFile + ")"
                    : other.equals(flag) ? "" : " (also by " + other + ")"), "give each service once");
        }
        images.put(e.getKey(), e.getValue());
        flagOf.put(e.getKey(), flag);
    }

    /** {@code SERVICE=sha256:…} in the repository the target names for SERVICE, as render-env reads it. */
    private static Map.Entry<String, Release.Image> digest(DeployTarget target, String text) {
        int eq = text.indexOf('=');
        if (eq < 1) {
            throw UsageException.field("--digest", "'" + text + "' is not SERVICE=sha256:DIGEST",
                    "e.g. --digest api=sha256:…, or --image api=REPO@sha256:…");
        }
        String service = text.substring(0, eq);
        String repo = target.releaseServices().get(service);
        if (repo == null || repo.isBlank()) {
            throw UsageException.field("--digest " + service, "not a release service with a repository in this target",
                    target.releaseServices().isEmpty() ? "the target names no repositories; use --image SERVICE=REPO@sha256:…"
                            : "use one of " + String.join(", ", target.releaseServices().keySet()));
        }
        return Release.parseAssignment("--digest", service + "=" + repo + "@" + text.substring(eq + 1));
    }

    /** Every service the release owns is given, from its repository, and nothing else (DeployPlan checks it too, unnamed). */
    private void checkServices(Map<String, String> owned, Map<String, Release.Image> images, Map<String, String> flagOf) {
        if (owned == null || owned.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Release.Image> e : images.entrySet()) {
            String flag = flagOf.get(e.getKey());
            if (!owned.containsKey(e.getKey())) {
                throw UsageException.field(flag + " " + e.getKey(), "not a service of the release",
                        "the release's services are " + String.join(", ", owned.keySet()));
            }
            String repo = owned.get(e.getKey());
            if (repo != null && !repo.isBlank() && !repo.equals(e.getValue().repository())) {
                throw UsageException.field(flag + " " + e.getKey(), e.getValue().repository() + " is not the service's repository "
                        + repo, "deploy the digest promoted in " + repo);
            }
        }
        for (String service : owned.keySet()) {
            if (!images.containsKey(service)) {
                throw UsageException.field(flagOf.containsValue("--image") ? "--image"
                        : flagOf.containsValue("--digest") ? "--digest" : "--release",
                        "no image for service " + service, "give a digest for every release service: "
                                + String.join(", ", owned.keySet()));
            }
        }
    }

    private static void secretsDirExists(Path secretsDir) {
        if (secretsDir != null && !Files.isDirectory(secretsDir)) {
            throw UsageException.field("--secrets-dir", secretsDir + " is not a directory", "pass the local secrets directory");
        }
    }

    private Map<String, byte[]> secrets() {
        if (secretsDir == null) {
            return Map.of();
        }
        if (!Files.isDirectory(secretsDir)) {
            throw UsageException.field("--secrets-dir", secretsDir + " is not a directory", "pass the local secrets directory");
        }
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(secretsDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw UsageException.field("--secrets-dir", "cannot read " + secretsDir + ": " + e.getMessage(), "check permissions");
        }
        return out;
    }

    /** Reads a local file; a file that may hold secrets must not be readable by others. */
    static String read(String field, Path file, boolean secret) {
        try {
            if (secret) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                    throw UsageException.field(field, file + " is readable by group or others", "chmod 600 " + file);
                }
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw UsageException.field(field, "cannot read " + file + ": " + e.getMessage(), "check the path");
        }
    }


    /** The verdict line of the report ("deploy staging release …: failed"). */
    @Override
    protected String failure(Object result) {
        String text = render(result);
        return text == null || text.isBlank() ? "failed" : text.lines().findFirst().orElse("failed").strip();
    }
}
