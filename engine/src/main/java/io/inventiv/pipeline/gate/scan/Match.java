package io.inventiv.pipeline.gate.scan;

/**
 * A detector's hit inside a buffer, before it becomes a {@link Finding}: {@code start} decides
 * the reported line, {@code end} is where scanning resumes (so a key body is read once).
 */
record Match(int start, int end, SecretKind kind, String fingerprint) {
}
