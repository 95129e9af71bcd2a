package io.inventiv.pipeline.oci;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before the next attempt: exponential with jitter, or what Retry-After asks. */
final class Backoff {
    static final Duration BASE = Duration.ofMillis(200);
    static final Duration MAX = Duration.ofSeconds(10);

    private Backoff() {
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    static Duration after(int attempt, String retryAfter) {
        Duration asked = parseRetryAfter(retryAfter);
        if (asked != null) {
            return asked.compareTo(MAX) > 0 ? MAX : asked;
        }
        long exp = BASE.toMillis() << Math.min(attempt - 1, 6);
        long capped = Math.min(exp, MAX.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.inventiv.pipeline.EngineException("interrupted while waiting to retry");
        }
    }
}
