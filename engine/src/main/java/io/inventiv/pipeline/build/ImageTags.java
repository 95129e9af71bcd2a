package io.inventiv.pipeline.build;

import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.UsageException;

/**
 * The tags every image of the set gets, computed from the revision: {@code <sha12>} always,
 * the release tag {@code v*} on a tag build, then extra tags asked for. A dirty tree is refused,
 * because {@code :<sha12>} must be exactly that commit; with --allow-dirty it becomes
 * {@code <sha12>-dirty} so it can never be mistaken for the clean build.
 */
public final class ImageTags {
    private ImageTags() {
    }

    public static List<String> compute(Revision revision, List<String> extraTags, boolean allowDirty) {
        List<String> tags = new ArrayList<>();
        if (revision.dirty()) {
            if (!allowDirty) {
                throw UsageException.field("working tree", "tracked files have uncommitted changes, so the image "
                        + "would not be commit " + revision.shortSha(), "commit them, or pass --allow-dirty "
                        + "(the tag becomes " + revision.shortSha() + "-dirty)");
            }
            tags.add(revision.shortSha() + "-dirty");
        } else {
            tags.add(revision.shortSha());
        }
        if (revision.gitTag() != null) {
            tags.add(revision.gitTag());
        }
        for (String extra : extraTags) {
            String t = ImageNames.tag(extra.strip(), "--extra-tag");
            if (!tags.contains(t)) {
                tags.add(t);
            }
        }
        return List.copyOf(tags);
    }
}
