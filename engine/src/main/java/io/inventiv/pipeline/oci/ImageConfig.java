package io.inventiv.pipeline.oci;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.inventiv.pipeline.EngineException;

/**
 * What the engine reads from an image config blob: its platform and its labels
 * ({@code config.Labels}, which docker and buildx write from {@code LABEL} and {@code --label}).
 */
public record ImageConfig(Platform platform, Map<String, String> labels) {
    public ImageConfig {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Parses a config blob; an image without labels has an empty map. */
    public static ImageConfig parse(byte[] configJson, String what) {
        Map<String, Object> root;
        try {
            root = JsonReader.object(JsonReader.parse(configJson));
        } catch (IllegalArgumentException e) {
            throw new EngineException(what + ": the image config is not JSON (" + e.getMessage() + ")");
        }
        String os = JsonReader.string(root, "os");
        String arch = JsonReader.string(root, "architecture");
        Platform platform = new Platform(os == null ? "" : os, arch == null ? "" : arch, JsonReader.string(root, "variant"));
        Map<String, String> labels = new LinkedHashMap<>();
        if (root.get("config") instanceof Map<?, ?>) {
            Object found = JsonReader.object(root.get("config")).get("Labels");
            if (found instanceof Map<?, ?>) {
                JsonReader.object(found).forEach((k, v) -> {
                    if (v instanceof String s) {
                        labels.put(k, s);
                    }
                });
            }
        }
        return new ImageConfig(platform, labels);
    }
}
