package io.inventiv.pipeline.cli;

import java.nio.file.Path;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.gate.scan.Allowlist;
import io.inventiv.pipeline.gate.scan.Finding;
import io.inventiv.pipeline.gate.scan.KeyScanner;
import io.inventiv.pipeline.gate.scan.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scan-keys", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Find private keys and tokens in git-tracked files (docs/scan.md). Exit 0 clean, 1 findings, 2 bad input.")
public final class ScanKeysCommand extends EngineCommand {

    @Option(names = "--source-dir", paramLabel = "DIR", defaultValue = ".",
            description = "The git checkout to scan (default: the current directory); only files git tracks are read.")
    Path sourceDir;

    @Option(names = "--allowlist", paramLabel = "FILE",
            description = "Accepted findings: path globs and sha256: fingerprints, one a line.")
    Path allowlist;

    @Override
    protected Object execute() {
        Allowlist allowed = allowlist == null ? Allowlist.NONE : Allowlist.read(allowlist, "--allowlist");
        ScanResult result = new KeyScanner(new CommandRunner()).scan(sourceDir.toAbsolutePath().normalize(), allowed, "--source-dir");
        return result;
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        ScanResult r = (ScanResult) result;
        StringBuilder out = new StringBuilder();
        for (Finding f : r.findings()) {
            out.append(f.path()).append(':').append(f.line()).append(": ").append(f.kind())
                    .append(" (").append(f.fingerprint()).append(")\n");
        }
        out.append(r.findings().size()).append(r.findings().size() == 1 ? " finding" : " findings")
                .append(" in ").append(r.filesScanned()).append(" tracked files (")
                .append(r.bytesScanned()).append(" bytes)");
        if (r.suppressed() > 0) {
            out.append(", ").append(r.suppressed()).append(" allowed");
        }
        if (r.binaryFilesSkipped() > 0) {
            out.append(", ").append(r.binaryFilesSkipped()).append(" binary files skipped");
        }
        if (!r.clean()) {
            out.append("\nRemove each secret from the repository (and rotate it), or allow it with --allowlist"
                    + " (its fingerprint or a path glob) or an inventiv:allow comment on its line.");
        }
        return out.toString();
    }

    @Override
    protected int exitCode(Object result) {
        return ((ScanResult) result).clean() ? 0 : 1;
    }
}
