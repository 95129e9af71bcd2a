package io.inventiv.pipeline.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test helper: waits for a process id a check wrote down to be gone (a zombie counts as gone). */
public final class Pids {
    private Pids() {
    }

    public static long read(Path pidFile) throws Exception {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    public static boolean goneWithin(long pid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Path stat = Path.of("/proc/" + pid + "/stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
