package io.inventiv.pipeline.gate.scan;

import java.util.List;

/**
 * What a scan found, in the order of the JSON contract (docs/scan.md).
 *
 * @param findings findings that no allowlist entry or inline marker suppressed, sorted by path and line
 * @param filesScanned tracked text files that were read and searched
 * @param bytesScanned their total size
 * @param binaryFilesSkipped tracked files skipped because their first 8 KiB hold a NUL byte
 * @param suppressed findings allowed by a fingerprint in the allowlist or an inline marker
 */
public record ScanResult(List<Finding> findings, long filesScanned, long bytesScanned,
                         long binaryFilesSkipped, long suppressed) {

    public ScanResult {
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
