package io.inventiv.pipeline.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Test images made without docker: an OCI image layout with small random gzip layers, pushed
 * to a real registry with {@code skopeo copy}, and digests checked independently with
 * {@code skopeo inspect --raw | sha256sum}.
 */
public final class OciImages {
    private static final Random RANDOM = new Random();

    private OciImages() {
    }

    /** A layout holding an OCI index with one image per platform ("os/arch[/variant]"). */
    public static Path index(Path dir, int layers, String... platforms) {
        Map<String, Map<String, String>> unlabelled = new LinkedHashMap<>();
        for (String p : platforms) {
            unlabelled.put(p, Map.of());
        }
        return index(dir, layers, unlabelled);
    }

    /** A layout holding an OCI index: per platform ("os/arch[/variant]"), an image whose config carries these labels. */
    public static Path index(Path dir, int layers, Map<String, Map<String, String>> labelsByPlatform) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            StringBuilder manifests = new StringBuilder();
            for (Map.Entry<String, Map<String, String>> e : labelsByPlatform.entrySet()) {
                String[] parts = e.getKey().split("/");
                byte[] m = imageManifest(dir, parts[0], parts[1], parts.length > 2 ? parts[2] : null, layers, e.getValue());
                String platform = "{\"architecture\":\"" + parts[1] + "\",\"os\":\"" + parts[0] + "\""
                        + (parts.length > 2 ? ",\"variant\":\"" + parts[2] + "\"" : "") + "}";
                manifests.append(manifests.length() == 0 ? "" : ",")
                        .append(descriptor("application/vnd.oci.image.manifest.v1+json", m, platform));
            }
            byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                    + "\"manifests\":[" + manifests + "]}").getBytes(StandardCharsets.UTF_8);
            writeBlob(dir, index);
            writeLayoutIndex(dir, "application/vnd.oci.image.index.v1+json", index);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A layout holding one single-platform image manifest. */
    public static Path single(Path dir, int layers, String platform) {
        return single(dir, layers, platform, Map.of());
    }

    /** A layout holding one single-platform image manifest whose config carries these labels (as docker's LABEL). */
    public static Path single(Path dir, int layers, String platform, Map<String, String> labels) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            String[] parts = platform.split("/");
            byte[] m = imageManifest(dir, parts[0], parts[1], parts.length > 2 ? parts[2] : null, layers, labels);
            writeLayoutIndex(dir, "application/vnd.oci.image.manifest.v1+json", m);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digest of the layout's top manifest or index (what --preserve-digests pushes). */
    public static String topDigest(Path layout) {
        try {
            String json = Files.readString(layout.resolve("index.json"));
            int at = json.indexOf("sha256:");
            return json.substring(at, at + 71);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes the layout unchanged (all platforms, same digests) to docker://REF. */
    public static void push(Path layout, String ref, String... extra) {
        List<String> argv = new ArrayList<>(List.of("skopeo", "copy", "--quiet", "--all", "--preserve-digests",
                "--dest-tls-verify=false"));
        argv.addAll(List.of(extra));
        argv.addAll(List.of("oci:" + layout + ":latest", "docker://" + ref));
        Processes.run(argv);
    }

    /** Pushes converted to Docker v2 schema 2 (an index becomes a Docker manifest list). */
    public static void pushAsDockerV2(Path layout, String ref) {
        Processes.run(List.of("skopeo", "copy", "--quiet", "--all", "--format", "v2s2", "--dest-tls-verify=false",
                "oci:" + layout + ":latest", "docker://" + ref));
    }

    /** sha256 of the raw manifest at docker://REF, computed by skopeo and sha256sum, not the engine. */
    public static String registryDigest(String ref, String... extra) {
        StringBuilder cmd = new StringBuilder("skopeo inspect --raw --tls-verify=false");
        for (String e : extra) {
            cmd.append(" '").append(e).append('\'');
        }
        cmd.append(" 'docker://").append(ref).append("' | sha256sum");
        String out = Processes.run(List.of("bash", "-c", "set -o pipefail; " + cmd)).strip();
        return "sha256:" + out.split("\\s+")[0];
    }

    /** Whether docker://REF exists, asked of skopeo. */
    public static boolean exists(String ref, String... extra) {
        List<String> argv = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        argv.addAll(List.of(extra));
        argv.add("docker://" + ref);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The layer digests of the single image manifest in a layout (for blob-level checks). */
    public static List<String> layerDigests(Path layout, String manifestDigest) {
        try {
            String json = Files.readString(layout.resolve("blobs/sha256/" + manifestDigest.substring(7)));
            List<String> out = new ArrayList<>();
            int i = json.indexOf("\"layers\"");
            while ((i = json.indexOf("sha256:", i + 1)) > 0) {
                out.add(json.substring(i, i + 71));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child manifest digests of the index in a layout. */
    public static List<String> childDigests(Path layout) {
        try {
            String json = Files.readString(layout.resolve("blobs/sha256/" + topDigest(layout).substring(7)));
            List<String> out = new ArrayList<>();
            int i = -1;
            while ((i = json.indexOf("sha256:", i + 1)) > 0) {
                out.add(json.substring(i, i + 71));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] imageManifest(Path dir, String os, String arch, String variant, int layers,
            Map<String, String> labels) throws IOException {
        StringBuilder layerJson = new StringBuilder();
        StringBuilder diffIds = new StringBuilder();
        for (int i = 0; i < layers; i++) {
            byte[] raw = new byte[512 + RANDOM.nextInt(1024)];
            RANDOM.nextBytes(raw);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(raw);
            }
            byte[] layer = gz.toByteArray();
            writeBlob(dir, layer);
            layerJson.append(i == 0 ? "" : ",")
                    .append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, null));
            diffIds.append(i == 0 ? "" : ",").append('"').append(sha256(raw)).append('"');
        }
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\""
                + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},\"config\":{"
                + labelsJson(labels) + "}}")
                .getBytes(StandardCharsets.UTF_8);
        writeBlob(dir, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", config, null)
                + ",\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        writeBlob(dir, manifest);
        return manifest;
    }

    /** {@code "Labels":{…}} as docker writes it in a config's config object; nothing for no labels. */
    private static String labelsJson(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\"Labels\":{");
        for (Map.Entry<String, String> l : labels.entrySet()) {
            b.append(b.length() == 10 ? "" : ",").append('"').append(l.getKey()).append("\":\"").append(l.getValue()).append('"');
        }
        return b.append('}').toString();
    }

    private static void writeLayoutIndex(Path dir, String mediaType, byte[] top) throws IOException {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + mediaType + "\",\"digest\":\"" + sha256(top) + "\",\"size\":" + top.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
    }

    private static String descriptor(String mediaType, byte[] content, String platformJson) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + sha256(content) + "\",\"size\":"
                + content.length + (platformJson == null ? "" : ",\"platform\":" + platformJson) + "}";
    }

    private static void writeBlob(Path dir, byte[] content) throws IOException {
        Files.write(dir.resolve("blobs/sha256/" + sha256(content).substring(7)), content);
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
