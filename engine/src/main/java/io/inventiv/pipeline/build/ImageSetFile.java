package io.inventiv.pipeline.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;
import io.inventiv.pipeline.yaml.YamlNode;

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
        return read(file, prefix, true);
    }

    /** @param buildFiles whether each image's context and Dockerfile must exist (build, not push) */
    public static List<ImageSpec> read(Path file, String prefix, boolean buildFiles) {
        YamlNode root = YamlNode.readFile("--images", file, "image set file").onlyKeys(TOP_KEYS);
        List<YamlNode> images = root.list("images");
        if (images == null || images.isEmpty()) {
            throw root.problem("images", "missing or empty", "list at least one image");
        }
        Path base = file.toAbsolutePath().getParent();
        List<ImageSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode img : images) {
            if (!img.isMapping()) {
                throw img.problem("expected a mapping, got " + (img.isList() ? "a list" : "a single value"),
                        "give name, context, dockerfile, target");
            }
            img.onlyKeys(IMAGE_KEYS);
            String name = img.requiredText("name", "give each image a name (api, frontend...)");
            if (!names.add(name)) {
                throw img.problem("name", "'" + name + "' appears twice", "give each image its own name");
            }
            ImageRef repo = repository(img, prefix, name);
            String context = img.text("context");
            String df = img.text("dockerfile");
            out.add(ImageSpec.checked(img::where, name, repo, base.resolve(context == null ? "." : context),
                    df == null ? null : base.resolve(df), img.text("target"), buildFiles));
        }
        return List.copyOf(out);
    }

    private static ImageRef repository(YamlNode img, String prefix, String name) {
        String explicit = img.text("repository");
        if (explicit != null) {
            return ImageNames.repository(explicit, img.where("repository"));
        }
        if (prefix == null || prefix.isBlank()) {
            throw UsageException.field("--repository-prefix", "no image repository for " + img.where(),
                    "pass --repository-prefix ghcr.io/OWNER/PREFIX (or set IMAGE_REPO), or give the image a repository");
        }
        return ImageNames.repository(prefix.strip() + "-" + name, "--repository-prefix");
    }
}
