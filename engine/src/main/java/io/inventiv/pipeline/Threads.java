package io.inventiv.pipeline;

/** Small helpers for the engine's few threads. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits for {@code t} to end even when interrupted (its result is needed), then restores the
     * interrupt for the caller to see.
     */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
