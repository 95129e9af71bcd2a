package io.inventiv.pipeline.gate;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one check ended; the JSON names are part of the CLI contract (docs/gate.md). */
public enum CheckStatus {
    PASSED("passed"),
    FAILED("failed"),
    TIMED_OUT("timedOut"),
    SKIPPED("skipped");

    private final String json;

    CheckStatus(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
