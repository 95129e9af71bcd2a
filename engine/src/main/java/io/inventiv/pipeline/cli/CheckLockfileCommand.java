package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.gate.LockfileCheck;
import io.inventiv.pipeline.gate.LockfileCheck.Finding;
import io.inventiv.pipeline.gate.LockfileCheck.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check-lockfile",
        description = "Assert that package-lock.json carries the native packages the image's platform needs.")
public final class CheckLockfileCommand extends EngineCommand {

    @Option(names = "--lockfile", paramLabel = "FILE", description = "Default: package-lock.json.")
    Path lockfile = Path.of("package-lock.json");

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The image platform. Default: linux/arm64.")
    String platform = "linux/arm64";

    @Option(names = "--libc", paramLabel = "gnu|musl", description = "The image's C library. Default: gnu (musl for Alpine).")
    String libc = "gnu";

    @Option(names = "--package", paramLabel = "NAME", description = "Package with per-platform native builds. Repeatable. Default: lightningcss.")
    List<String> packages = new ArrayList<>();

    @Override
    protected Object execute() {
        Object report = new LockfileCheck().check(lockfile, platform, libc, packages.isEmpty() ? List.of("lightningcss") : packages);
        return report;
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        Report r = (Report) result;
        StringBuilder b = new StringBuilder();
        for (Finding f : r.packages()) {
            b.append(switch (f.status()) {
                case "notUsed" -> f.name() + ": not in " + r.lockfile() + ", nothing to check";
                case "present" -> f.name() + " " + f.version() + ": " + f.nativePackage() + " " + f.nativeVersion() + " present";
                default -> f.name() + " " + f.version() + ": " + f.nativePackage() + " " + f.nativeVersion()
                        + " MISSING: the " + r.platform() + " image build will fail; run 'npm install --save-optional "
                        + f.nativePackage() + "@" + f.nativeVersion() + "' or regenerate the lockfile"
                        + " (rm -rf node_modules package-lock.json && npm install)";
            }).append('\n');
        }
        b.append(r.ok() ? "lockfile ready for " + r.platform() : "lockfile not ready for " + r.platform());
        return b.toString();
    }

    @Override
    protected int exitCode(Object result) {
        return ((Report) result).ok() ? 0 : 1;
    }
}
