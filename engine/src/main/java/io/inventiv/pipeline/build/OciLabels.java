package io.inventiv.pipeline.build;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;

/**
 * The org.opencontainers.image.* labels of every image. {@code .created} is the commit time,
 * not the wall clock, so rebuilding a commit gives the same labels.
 */
public final class OciLabels {
    public static final String PREFIX = "org.opencontainers.image.";

    private OciLabels() {
    }

    public static Map<String, String> of(Revision revision, List<String> extraLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PREFIX + "revision", revision.commit());
        if (revision.sourceUrl() != null) {
            labels.put(PREFIX + "source", revision.sourceUrl());
        }
        labels.put(PREFIX + "created", Instant.ofEpochSecond(revision.createdEpoch()).toString());
        labels.put(PREFIX + "version", revision.gitTag() != null ? revision.gitTag() : revision.shortSha());
        for (String kv : extraLabels) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw UsageException.field("--label", "'" + kv + "' is not KEY=VALUE", "write e.g. --label team=agents");
            }
            labels.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
        }
        return labels;
    }
}
