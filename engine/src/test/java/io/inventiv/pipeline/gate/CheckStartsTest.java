package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gate's one start guard: closed, it admits nothing; closing waits for the starts already admitted. */
class CheckStartsTest {
    @Test
    void onceClosedNoCheckIsAdmitted() {
        CheckStarts starts = new CheckStarts();
        Runnable first = starts.admit();
        assertThat(first).isNotNull();
        first.run();

        starts.close(Duration.ofSeconds(1));

        assertThat(starts.closed()).isTrue();
        assertThat(starts.admit()).isNull();
    }

    @Test
    @Timeout(10)
    void closingWaitsUntilAnAdmittedStartHasItsProcess() throws Exception {
        CheckStarts starts = new CheckStarts();
        Runnable forking = starts.admit();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> starts.close(Duration.ofSeconds(30)));

        Thread.sleep(300);
        assertThat(closing).isNotDone();
        forking.run();
        forking.run(); // a second report of the same start changes nothing

        closing.get(5, TimeUnit.SECONDS);
        assertThat(starts.admit()).isNull();
    }

    @Test
    @Timeout(10)
    void closingWaitsNoLongerThanItsBoundForAStartThatNeverReports() {
        CheckStarts starts = new CheckStarts();
        starts.admit();
        long t0 = System.nanoTime();

        starts.close(Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
    }
}
