package io.inventiv.pipeline.build;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * The repositories and tags the build produces, checked with the engine's one reference parser.
 * The build takes repositories without tag or digest: tags are computed.
 */
public final class ImageNames {
    private ImageNames() {
    }

    /** {@code ghcr.io/owner/app-api} → ImageRef without tag; throws UsageException naming {@code field}. */
    public static ImageRef repository(String text, String field) {
        if (text == null || text.isBlank()) {
            throw UsageException.field(field, "no image repository given",
                    "pass e.g. ghcr.io/OWNER/NAME (or set IMAGE_REPO)");
        }
        return ImageRef.parseRepository(text.strip(), field);
    }

    /** Throws UsageException unless {@code tag} is a valid docker tag. */
    public static String tag(String tag, String field) {
        return ImageRef.checkTag(tag, field);
    }

    /** {@code registry/repository:tag}, the form docker's CLI takes. */
    public static String tagged(ImageRef repo, String tag) {
        return repo.withTag(tag).toString();
    }
}
