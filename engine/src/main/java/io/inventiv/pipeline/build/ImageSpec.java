package io.inventiv.pipeline.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * One image of a release set: its short name (api, frontend…), the repository it is pushed to,
 * its build context, Dockerfile and optional target stage. Checked on construction.
 */
public record ImageSpec(String name, ImageRef repository, Path context, Path dockerfile, String target) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * @param field the field as the user wrote it for a key (name, context, dockerfile, target), for messages:
     *              e.g. {@code images.yaml: images[1].context}, or a flag
     */
    public static ImageSpec checked(UnaryOperator<String> field, String name, ImageRef repository, Path context, Path dockerfile,
            String target) {
        return checked(field, name, repository, context, dockerfile, target, true);
    }

    /** @param buildFiles whether the context and Dockerfile must exist (build); push sends built images and needs neither */
    public static ImageSpec checked(UnaryOperator<String> field, String name, ImageRef repository, Path context, Path dockerfile,
            String target, boolean buildFiles) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw UsageException.field(field.apply("name"), "'" + name + "' is not a valid image name",
                    "use lowercase letters, digits, . _ -");
        }
        if (buildFiles && !Files.isDirectory(context)) {
            throw UsageException.field(field.apply("context"), "directory " + context + " does not exist",
                    "point it at the build context directory");
        }
        Path df = dockerfile != null ? dockerfile : context.resolve("Dockerfile");
        if (buildFiles && !Files.isRegularFile(df)) {
            throw UsageException.field(field.apply("dockerfile"), "file " + df + " does not exist",
                    "point it at the image's Dockerfile");
        }
        if (target != null && !TARGET.matcher(target).matches()) {
            throw UsageException.field(field.apply("target"), "'" + target + "' is not a valid stage name",
                    "use the name after AS in the Dockerfile");
        }
        return new ImageSpec(name, repository, context.toAbsolutePath().normalize(),
                df.toAbsolutePath().normalize(), target);
    }
}
