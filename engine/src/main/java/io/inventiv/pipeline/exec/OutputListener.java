package io.inventiv.pipeline.exec;

/** Receives each line a process prints, already redacted, as it is printed. */
@FunctionalInterface
public interface OutputListener {
    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);

    OutputListener NONE = (s, l) -> { };

    /** Streams every line to the engine's stderr with a prefix (stdout stays free for JSON). */
    static OutputListener prefixed(String prefix) {
        return (s, l) -> System.err.println(prefix + l);
    }
}
