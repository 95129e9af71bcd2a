package io.inventiv.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.inventiv.pipeline.UsageException;

/**
 * A release file: compose service → {@code repo@sha256:...}, either as the whole object
 * ({@code {"api": "..."}}) or under {@code images} ({@code {"images": {"api": "..."}}}), in JSON
 * or YAML (JSON is YAML).
 */
public final class ReleaseFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ReleaseFile() {
    }

    public static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw UsageException.field("--release", "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "give a JSON or YAML object of service: repo@sha256:...");
        }
        JsonNode images = root != null && root.has("images") ? root.get("images") : root;
        if (images == null || !images.isObject()) {
            throw UsageException.field("--release", file + " is not an object of service: repo@sha256:...",
                    "write e.g. {\"images\": {\"api\": \"ghcr.io/o/app-api@sha256:...\"}}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : images.properties()) {
            if (!e.getValue().isTextual()) {
                throw UsageException.field("--release", file + ": " + e.getKey() + " is not a string",
                        "give repo@sha256:... for each service");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
