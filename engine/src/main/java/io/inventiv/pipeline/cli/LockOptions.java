package io.inventiv.pipeline.cli;

import java.time.Duration;

import io.inventiv.pipeline.Durations;
import picocli.CommandLine.Option;

/** The options of the commands that take the host's deploy lock: deploy and rollback. */
public final class LockOptions {

    @Option(names = "--build", paramLabel = "ID", description = "Build identity for the lock and the audit log (default $BUILD_TAG).")
    String build;

    @Option(names = "--lock-wait", paramLabel = "DURATION", description = "How long to wait for another deploy's lock (default: the profile's or target file's timeouts.lockWait, 10m unless set).")
    String lockWait;

    /** The build recorded in the lock and the audit line: --build, else $BUILD_TAG, else "manual". */
    String buildId() {
        if (build != null) {
            if (build.isBlank() || build.length() > 200 || build.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw io.inventiv.pipeline.UsageException.field("--build", "not one line of 1-200 printable characters",
                        "pass the build's name, e.g. --build \"$BUILD_TAG\"");
            }
            return build;
        }
        String tag = System.getenv("BUILD_TAG");
        return tag == null || tag.isBlank() ? "manual" : tag;
    }

    /** --lock-wait, or null for the target's own lockWait. */
    Duration lockWait() {
        return lockWait == null ? null : Durations.parse("--lock-wait", lockWait);
    }
}
