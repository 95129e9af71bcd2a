package io.inventiv.pipeline.gate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one guard on starting a check's process, on the agent or in an image. Once the engine is
 * terminating nothing more starts: the abort hook kills the engine's descendants, and a process
 * forked after that would outlive the engine. A start already past the guard is waited for, so
 * its process exists (and is killed) by the time the hook looks for descendants.
 */
final class CheckStarts {
    private boolean closed;
    private int inFlight;

    /**
     * Lets one check start, or returns null once closed. The returned ticket must be run once the
     * check's process exists or failed to start; running it again does nothing.
     */
    synchronized Runnable admit() {
        if (closed) {
            return null;
        }
        inFlight++;
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release();
            }
        };
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Refuses every later start and waits, at most {@code max}, for the admitted ones to have their process. */
    synchronized void close(Duration max) {
        closed = true;
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (long left = max.toMillis(); inFlight > 0 && left > 0;
                    left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void release() {
        inFlight--;
        notifyAll();
    }
}
