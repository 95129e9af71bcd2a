package io.inventiv.pipeline.gate;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

/** SnakeYAML's multi-line parse errors (with caret drawings) as one line for a bad-input message. */
final class YamlProblem {
    private YamlProblem() {
    }

    static String oneLine(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
        String what = e.getOriginalMessage().lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining(": "));
        return "not valid YAML" + where + ": " + what;
    }
}
