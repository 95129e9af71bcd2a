package io.inventiv.pipeline.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/**
 * A parsed image reference, normalised as docker does ({@code docker.io/library/} defaults,
 * registry with port, tag, digest, or both).
 *
 * @param registry  e.g. {@code ghcr.io}, {@code 127.0.0.1:5000}, {@code docker.io}
 * @param repository e.g. {@code owner/inventiv-agents-api}
 * @param tag  may be null
 * @param digest may be null
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
    public static final String DEFAULT_REGISTRY = "docker.io";
    private static final String LEGACY_DEFAULT_REGISTRY = "index.docker.io";
    private static final Pattern HEX_IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    /** Parses and normalises; throws UsageException naming what is wrong. */
    public static ImageRef parse(String text) {
        return parse(text, "image reference");
    }

    /** As {@link #parse(String)}, naming {@code field} (e.g. {@code --source}) in the message. */
    public static ImageRef parse(String text, String field) {
        if (text != null && HEX_IDENTIFIER.matcher(text).matches()) {
            throw UsageException.field(field, "'" + text + "' is a 64-hex identifier, not a repository name",
                    "to name an image by digest write REPOSITORY@sha256:" + text);
        }
        String[] split = splitRegistry(text == null ? "" : text);
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remoteName = tagSep < 0 ? remainder : remainder.substring(0, tagSep);
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw new ReferenceGrammar.InvalidReferenceException(field + ": repository name in '" + ReferenceGrammar.printable(text)
                    + "' must be lowercase; use lowercase letters", ReferenceGrammar.Problem.NAME_CONTAINS_UPPERCASE);
        }
        ReferenceGrammar.Parts parts = ReferenceGrammar.parse(split[0] + "/" + remainder, field, text);
        return new ImageRef(parts.domain(), parts.path(), parts.tag(), parts.digest());
    }

    /** Parses a repository name without tag or digest (e.g. {@code --target-repo}). */
    public static ImageRef parseRepository(String text, String field) {
        ImageRef ref = parse(text, field);
        if (ref.tag != null || ref.digest != null) {
            throw UsageException.field(field, "'" + text + "' names a tag or digest",
                    "give the repository only, e.g. " + ref.name());
        }
        return ref;
    }

    /** Checks a tag against docker's grammar. */
    public static String checkTag(String tag, String field) {
        if (tag == null || !ReferenceGrammar.TAG_PATTERN.matcher(tag).matches()) {
            throw UsageException.field(field, "'" + (tag == null ? "" : tag) + "' is not a valid tag",
                    "a tag is 1-128 characters of letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        return tag;
    }

    /** docker's splitDockerDomain: the first component is a registry only if it looks like a host. */
    private static String[] splitRegistry(String name) {
        int slash = name.indexOf('/');
        String registry;
        String remainder;
        if (slash < 0 || !looksLikeHost(name.substring(0, slash))) {
            registry = DEFAULT_REGISTRY;
            remainder = name;
        } else {
            registry = name.substring(0, slash);
            remainder = name.substring(slash + 1);
        }
        if (LEGACY_DEFAULT_REGISTRY.equals(registry)) {
            registry = DEFAULT_REGISTRY;
        }
        if (DEFAULT_REGISTRY.equals(registry) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        return new String[] {registry, remainder};
    }

    private static boolean looksLikeHost(String first) {
        return first.contains(".") || first.contains(":") || "localhost".equals(first)
                || !first.toLowerCase(Locale.ROOT).equals(first);
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, null);
    }

    public ImageRef withDigest(Digest d) {
        return new ImageRef(registry, repository, null, d);
    }

    /** The repository alone, without tag or digest. */
    public ImageRef repositoryOnly() {
        return new ImageRef(registry, repository, null, null);
    }

    /** The tag or digest a registry URL names: the digest when both are present. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    /** registry/repository, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    // Written out, like Digest's: the generated ones bootstrap ObjectMethods on first use, ~20 ms
    // of every promote's fresh JVM (bench/README.md).
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRef r && Objects.equals(registry, r.registry) && Objects.equals(repository, r.repository)
                && Objects.equals(tag, r.tag) && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }
}
