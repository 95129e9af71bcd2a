package io.inventiv.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one duration grammar every flag and file uses. */
class DurationsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            500ms    | 500
            90s      | 90000
            10m      | 600000
            1h       | 3600000
            1h30m    | 5400000
            1m30s    | 90000
            2h5m10s  | 7510000
            ' 15S '  | 15000
            24h      | 86400000
            """)
    void acceptsAUnitOrUnitsInOrder(String text, long millis) {
        assertThat(Durations.parse("--timeout", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            90                  | is not a duration
            ''                  | is not a duration
            ten                 | is not a duration
            -5s                 | is not a duration
            1.5h                | is not a duration
            30m1h               | is not a duration
            5 m                 | is not a duration
            0s                  | is zero
            0h0m                | is zero
            25h                 | is longer than 24h
            1441m               | is longer than 24h
            9999999999999999s   | is longer than 24h
            99999999999999999999h | is longer than 24h
            """)
    void refusesEverythingElseByName(String text, String problem) {
        assertThatThrownBy(() -> Durations.parse("--lock-wait", text)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--lock-wait: '" + text + "' ").hasMessageContaining(problem)
                .hasMessageNotContaining("Exception");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"500ms", "30s", "1m30s", "10m", "1h", "1h30m", "2h5m10s", "24h"})
    void formatWritesWhatParseReads(String text) {
        assertThat(Durations.format(Durations.parse("x", text))).isEqualTo(text);
    }
}
