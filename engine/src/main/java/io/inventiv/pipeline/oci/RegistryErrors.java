package io.inventiv.pipeline.oci;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns a registry's error body and status into words: the error code and the likely fix. */
final class RegistryErrors {
    private static final int MAX_TEXT = 200;

    private RegistryErrors() {
    }

    /** "CODE: message" of the first error of a distribution error body, else a short text excerpt. */
    static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            java.util.List<?> errors = JsonReader.array(JsonReader.object(JsonReader.parse(body)).get("errors"));
            Map<String, Object> first = errors.isEmpty() ? Map.of() : JsonReader.object(errors.get(0));
            String code = JsonReader.string(first, "code");
            if (code != null) {
                String message = JsonReader.string(first, "message");
                return code + (message == null || message.isEmpty() ? "" : " (" + message + ")");
            }
        } catch (IllegalArgumentException notJson) {
            // fall through to the text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }

    static String hint(RegistryCall call, int status, String detail) {
        if (status == 401 || status == 403) {
            return call.writes()
                    ? "the credentials lack push permission on " + call.repository().name()
                            + " (on GHCR: a token with write:packages)"
                    : "the credentials lack pull permission on " + call.repository().name();
        }
        if (status == 404) {
            return "no such repository, tag or digest";
        }
        if (detail.startsWith("MANIFEST_BLOB_UNKNOWN") || detail.startsWith("BLOB_UNKNOWN")) {
            return "the repository lacks a blob the manifest references";
        }
        if (detail.startsWith("MANIFEST_INVALID") || detail.startsWith("UNSUPPORTED")) {
            return "the registry does not accept this manifest or media type";
        }
        return "";
    }
}
