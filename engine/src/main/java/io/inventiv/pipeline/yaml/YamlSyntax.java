package io.inventiv.pipeline.yaml;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

/** SnakeYAML's multi-line parse errors (with caret drawings) as one line for a bad-input message. */
public final class YamlSyntax {
    private YamlSyntax() {
    }

    public static String oneLine(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what = original.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                // Jackson's own wording names its classes and source references; the user needs the line only.
                .filter(l -> !l.contains("com.fasterxml") && !l.contains("java."))
                .collect(Collectors.joining(": "));
        return "not valid YAML" + where + (what.isEmpty() ? "" : ": " + what);
    }
}
