package io.inventiv.pipeline.build;

import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * Checks the repositories and tags the build is asked to produce, with docker's reference
 * grammar, and returns them as {@link ImageRef}s. The build takes repositories without tag or
 * digest: tags are computed.
 */
public final class ImageNames {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private ImageNames() {
    }

    /** {@code ghcr.io/owner/app-api} → ImageRef without tag; throws UsageException naming {@code field}. */
    public static ImageRef repository(String text, String field) {
        if (text == null || text.isBlank()) {
            throw UsageException.field(field, "no image repository given",
                    "pass e.g. ghcr.io/OWNER/NAME (or set IMAGE_REPO)");
        }
        String s = text.strip();
        if (s.contains("@")) {
            throw UsageException.field(field, "'" + s + "' has a digest", "give the repository only; the digest is built");
        }
        int slash = s.indexOf('/');
        String registry = "docker.io";
        String path = s;
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                path = s.substring(slash + 1);
            }
        }
        int lastSlash = path.lastIndexOf('/');
        if (path.indexOf(':', lastSlash + 1) >= 0) {
            throw UsageException.field(field, "'" + s + "' has a tag",
                    "give the repository only; tags are computed (add more with --tag)");
        }
        if (!DOMAIN.matcher(registry).matches()) {
            throw UsageException.field(field, "'" + registry + "' is not a valid registry host", "use HOST[:PORT]");
        }
        if (path.isEmpty()) {
            throw UsageException.field(field, "'" + s + "' has no repository path", "use e.g. " + registry + "/OWNER/NAME");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                String fix = component.equals(component.toLowerCase(java.util.Locale.ROOT))
                        ? "use lowercase letters, digits and . _ - between them"
                        : "repository names must be lowercase";
                throw UsageException.field(field, "'" + s + "' is not a valid repository name", fix);
            }
        }
        if (registry.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        if (s.length() > 255) {
            throw UsageException.field(field, "repository name longer than 255 characters", "shorten it");
        }
        return new ImageRef(registry, path, null, null);
    }

    /** Throws UsageException unless {@code tag} is a valid docker tag. */
    public static String tag(String tag, String field) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw UsageException.field(field, "'" + tag + "' is not a valid tag",
                    "use up to 128 of A-Z a-z 0-9 _ . - (not starting with . or -)");
        }
        return tag;
    }

    /** {@code registry/repository:tag}, the form docker's CLI takes. */
    public static String tagged(ImageRef repo, String tag) {
        return repo.name() + ":" + tag;
    }
}
