package io.inventiv.pipeline.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * Reads the image set file of the app repo: the images one release is made of.
 * <pre>
 * images:
 *   - name: api                      # repository = PREFIX-api unless given
 *     context: .                     # relative to this file
 *     dockerfile: docker/api.Dockerfile
 *     target: runtime                # optional
 *     repository: ghcr.io/o/custom   # optional
 * </pre>
 * Unknown keys are errors: a misspelled key must not be silently ignored.
 */
public final class ImageSetFile {
    private static final Set<String> TOP_KEYS = Set.of("images");
    private static final Set<String> IMAGE_KEYS = Set.of("name", "context", "dockerfile", "target", "repository");

    private ImageSetFile() {
    }

    /**
     * @param prefix the repository prefix ({@code ghcr.io/o/inventiv-agents}); may be null when every
     *               image names its repository
     */
    public static List<ImageSpec> read(Path file, String prefix) {
        String field = "--images " + file;
        if (!Files.isRegularFile(file)) {
            throw UsageException.field("--images", "file " + file + " does not exist", "point it at the image set YAML");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw UsageException.field(field, "not valid YAML (" + firstLine(e.getMessage()) + ")", "fix the syntax");
        }
        if (root == null || !root.isObject()) {
            throw UsageException.field(field, "expected a mapping with an 'images' list", "see docs/build.md");
        }
        unknownKeys(root, TOP_KEYS, field);
        JsonNode images = root.get("images");
        if (images == null || !images.isArray() || images.isEmpty()) {
            throw UsageException.field(field + " images", "missing or empty", "list at least one image");
        }
        Path base = file.toAbsolutePath().getParent();
        List<ImageSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode img = images.get(i);
            String where = field + " images[" + i + "]";
            if (!img.isObject()) {
                throw UsageException.field(where, "expected a mapping", "give name, context, dockerfile, target");
            }
            unknownKeys(img, IMAGE_KEYS, where);
            String name = text(img, "name");
            if (name == null) {
                throw UsageException.field(where + " name", "missing", "give each image a name (api, frontend...)");
            }
            if (!names.add(name)) {
                throw UsageException.field(where + " name", "'" + name + "' appears twice", "give each image its own name");
            }
            ImageRef repo = repository(text(img, "repository"), prefix, name, where);
            Path context = base.resolve(text(img, "context") == null ? "." : text(img, "context"));
            String df = text(img, "dockerfile");
            out.add(ImageSpec.checked(where, name, repo, context, df == null ? null : base.resolve(df),
                    text(img, "target")));
        }
        return List.copyOf(out);
    }

    private static ImageRef repository(String explicit, String prefix, String name, String where) {
        if (explicit != null) {
            return ImageNames.repository(explicit, where + " repository");
        }
        if (prefix == null || prefix.isBlank()) {
            throw UsageException.field("--repository", "no image repository for " + where,
                    "pass --repository ghcr.io/OWNER/PREFIX (or set IMAGE_REPO), or give the image a repository");
        }
        return ImageNames.repository(prefix.strip() + "-" + name, "--repository");
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw UsageException.field(where, "unknown key '" + key + "'", "allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
