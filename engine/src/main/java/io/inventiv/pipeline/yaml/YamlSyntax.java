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
        if (original.startsWith("Expected a field name")) {
            return "not valid YAML" + where + ": a key must be a single value, not a list or a mapping";
        }
        if (original.contains("base64")) {
            return "not valid YAML" + where + ": a !!binary value is not valid base64";
        }
        String what = original.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                // Jackson's own wording names its classes and source references; the user needs the line only.
                .filter(l -> !l.contains("com.fasterxml") && !l.contains("java.") && !l.contains("org.yaml"))
                .collect(Collectors.joining(": "));
        return "not valid YAML" + where + (what.isEmpty() ? "" : ": " + what);
    }
}
