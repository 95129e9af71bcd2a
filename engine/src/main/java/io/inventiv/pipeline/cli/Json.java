package io.inventiv.pipeline.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.inventiv.pipeline.exec.Redactor;

/**
 * The one JSON writer for command results: compact, one object per line on stdout, redacted.
 * Plain results (records, maps, lists, strings, numbers) are written by {@link PlainJson}, which
 * writes what Jackson writes; Jackson itself is loaded only for anything else, because its start-up
 * is paid by every step that asks for {@code --json}.
 */
public final class Json {
    private Json() {
    }

    /** Jackson, configured as the results are written; created on first use. */
    public static ObjectMapper mapper() {
        return Jackson.MAPPER;
    }

    public static String write(Object value) {
        String text = PlainJson.write(value).orElseGet(() -> jackson(value));
        return Redactor.global().scrub(text);
    }

    static String jackson(Object value) {
        return Jackson.write(value);
    }

    /** Holder: the ObjectMapper (and Jackson's classes) load only when a result needs them. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

        static String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("result is not serialisable: " + e.getMessage(), e);
            }
        }
    }
}
