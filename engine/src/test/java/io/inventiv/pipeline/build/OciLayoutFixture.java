package io.inventiv.pipeline.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.inventiv.pipeline.testsupport.Processes;

/**
 * Writes a small multi-platform OCI image (an index over one-layer images) as an OCI layout and
 * copies it into a registry with skopeo: what a buildx --push would have left there.
 */
final class OciLayoutFixture {
    /** One index entry: the platform the index claims, and the architecture its config really says. */
    record Entry(String os, String architecture, String configArchitecture) {
        static Entry of(String os, String architecture) {
            return new Entry(os, architecture, architecture);
        }
    }

    private OciLayoutFixture() {
    }

    /** Writes the layout under {@code dir} and returns the index digest. */
    static String write(Path dir, List<Entry> entries) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            byte[] tar = new byte[1024]; // an empty tar archive: two zero blocks
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar);
            }
            byte[] layer = gz.toByteArray();
            String layerDigest = blob(dir, layer);
            List<String> manifests = new ArrayList<>();
            for (Entry e : entries) {
                byte[] config = ("{\"architecture\":\"" + e.configArchitecture() + "\",\"os\":\"" + e.os()
                        + "\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(tar) + "\"]}}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + blob(dir, config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                        + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
                manifests.add("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                        + blob(dir, manifest) + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\""
                        + e.architecture() + "\",\"os\":\"" + e.os() + "\"}}");
            }
            byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                    + "\"manifests\":[" + String.join(",", manifests) + "]}").getBytes(StandardCharsets.UTF_8);
            String indexDigest = blob(dir, index);
            Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + indexDigest + "\",\"size\":"
                    + index.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
            return indexDigest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the whole index, byte for byte, to {@code host/repo:tag} of a plain-http registry. */
    static void push(Path dir, String destination) {
        Processes.run(List.of("skopeo", "copy", "--quiet", "--all", "--preserve-digests", "--dest-tls-verify=false",
                "oci:" + dir + ":latest", "docker://" + destination));
    }

    private static String blob(Path dir, byte[] bytes) throws IOException {
        String digest = sha256(bytes);
        Files.write(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), bytes);
        return digest;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
