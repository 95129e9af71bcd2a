package io.inventiv.pipeline.gate.scan;

/**
 * One family of secrets, checked where the prefilter found its anchor pair. Deliberately an
 * interface with several implementations: the call from the scan loop stays a virtual call,
 * so the JIT does not inline every detector into the per-file code of a one-shot process.
 */
interface Detector {
    /** The secret whose anchor pair starts at {@code anchor}, or null; may read [lo, hi). */
    Match match(byte[] b, int anchor, int lo, int hi);
}
