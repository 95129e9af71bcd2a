package io.inventiv.pipeline.gate.scan;

/**
 * One secret found in a tracked file. Holds where it is and a fingerprint of it, never the
 * secret itself: the report must be safe to print in a public build log.
 *
 * @param path repository-relative path, as {@code git ls-files} prints it
 * @param line 1-based line where the secret starts (a key's BEGIN line, a token's line)
 * @param kind {@link SecretKind#id()}
 * @param fingerprint {@link Fingerprint} of the secret, usable in an allowlist
 */
public record Finding(String path, int line, String kind, String fingerprint) {
}
