package io.inventiv.pipeline.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.oci.Platform;

/**
 * Reads manifests back with {@code skopeo inspect --raw}: the digest of a tag is the sha256 of
 * the exact manifest bytes. Credentials come from the login's config.json (--authfile), never
 * argv; TLS trust from /etc/docker/certs.d as for the daemon, or --cert-dir.
 */
public final class SkopeoRegistryCheck implements RegistryCheck {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final Path authFile;
    private final Path certDir;
    private final Set<String> insecureRegistries;

    /**
     * @param authFile docker config.json with the login, or null for skopeo's defaults
     * @param certDir  directory with the registry's ca.crt, or null for the system's
     */
    public SkopeoRegistryCheck(CommandRunner runner, Path authFile, Path certDir, Set<String> insecureRegistries) {
        this.runner = runner;
        this.authFile = authFile;
        this.certDir = certDir;
        this.insecureRegistries = Set.copyOf(insecureRegistries);
    }

    @Override
    public Optional<Digest> resolve(ImageRef ref) {
        ProcessResult r = runner.run(Command.of(argv(ref, null, false)).withTimeout(TIMEOUT));
        if (!r.ok()) {
            String err = r.stderr().toLowerCase(java.util.Locale.ROOT);
            if (err.contains("manifest unknown") || err.contains("not found")) {
                return Optional.empty();
            }
            throw failure("resolve " + ref, r);
        }
        return Optional.of(Digests.sha256(r.stdout()));
    }

    @Override
    public List<Platform> platforms(ImageRef ref) {
        JsonNode manifest = json(inspect(argv(ref, null, false), "read the manifest of " + ref), ref);
        JsonNode entries = manifest.get("manifests");
        if (entries == null) {
            return List.of(configPlatform(ref, null));
        }
        List<Platform> out = new ArrayList<>();
        for (JsonNode e : entries) {
            JsonNode p = e.get("platform");
            if (p == null || "unknown".equals(p.path("os").asText())) {
                continue; // attestation manifests
            }
            out.add(platformOf(p));
        }
        return out;
    }

    @Override
    public Platform configPlatform(ImageRef ref, Platform wanted) {
        return platformOf(json(inspect(argv(ref, wanted, true), "read the image config of " + ref
                + (wanted == null ? "" : " for " + wanted)), ref));
    }

    List<String> argv(ImageRef ref, Platform override, boolean config) {
        List<String> argv = new ArrayList<>(List.of("skopeo"));
        if (override != null) {
            argv.addAll(List.of("--override-os", override.os(), "--override-arch", override.architecture()));
            if (override.variant() != null && !override.variant().isEmpty()) {
                argv.addAll(List.of("--override-variant", override.variant()));
            }
        }
        argv.addAll(List.of("inspect", "--raw"));
        if (config) {
            argv.add("--config");
        }
        if (authFile != null && authFile.toFile().isFile()) {
            argv.addAll(List.of("--authfile", authFile.toString()));
        }
        if (insecureRegistries.contains(ref.registry())) {
            argv.add("--tls-verify=false");
        } else if (certDir != null) {
            argv.addAll(List.of("--cert-dir", certDir.toString()));
        }
        argv.add("docker://" + ref);
        return argv;
    }

    private String inspect(List<String> argv, String action) {
        ProcessResult r = runner.run(Command.of(argv).withTimeout(TIMEOUT));
        if (!r.ok()) {
            throw failure(action, r);
        }
        return r.stdout();
    }

    private static JsonNode json(String text, ImageRef ref) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new EngineException("the registry returned no JSON for " + ref);
        }
    }

    private static Platform platformOf(JsonNode node) {
        String variant = node.path("variant").asText("");
        return new Platform(node.path("os").asText(""), node.path("architecture").asText(""),
                variant.isEmpty() ? null : variant);
    }

    private static EngineException failure(String action, ProcessResult r) {
        return new EngineException(action + ": skopeo exited " + r.exitCode() + ": "
                + r.tail(2).replace('\n', ' ').strip());
    }
}
