package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns a registry's error body and status into words: the error code and the likely fix. */
final class RegistryErrors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_TEXT = 200;

    private RegistryErrors() {
    }

    /** "CODE: message" of the first error of a distribution error body, else a short text excerpt. */
    static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode first = root == null ? null : root.path("errors").path(0);
            if (first != null && first.has("code")) {
                String message = first.path("message").asText("");
                return first.get("code").asText() + (message.isEmpty() ? "" : " (" + message + ")");
            }
        } catch (IOException notJson) {
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
