package io.inventiv.pipeline.build;

/**
 * The source an image is built from.
 *
 * @param commit       full commit id (the PR head on a pull-request build)
 * @param dirty        tracked files differ from HEAD
 * @param gitTag       the release tag ({@code v*}) of a tag build, else null
 * @param branch       the branch being built (null when unknown or detached)
 * @param pullRequest  the pull-request number/id of a PR build, else null
 * @param createdEpoch commit time in seconds (SOURCE_DATE_EPOCH wins), used for {@code .created}
 * @param sourceUrl    repository URL without credentials, or null
 */
public record Revision(String commit, boolean dirty, String gitTag, String branch, String pullRequest,
        long createdEpoch, String sourceUrl) {

    /** The commit's 12-hex-character short form: explicit, never a tool's default abbreviation. */
    public static final int SHORT_LENGTH = 12;

    public String shortSha() {
        return commit.substring(0, SHORT_LENGTH);
    }

    public boolean isBranch(String name) {
        return pullRequest == null && gitTag == null && name != null && name.equals(branch);
    }
}
