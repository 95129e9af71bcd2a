package io.inventiv.pipeline.cli;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.inventiv.pipeline.exec.Redactor;

/**
 * The one JSON writer for command results: compact, one object per line on stdout, each string
 * redacted before it is serialised.
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

    /**
     * The value as JSON, every string in it redacted before it is escaped (a secret holding a
     * control character would not be found in its escaped spelling).
     */
    public static String write(Object value) {
        Redactor redactor = Redactor.global();
        // Jackson writes a Path or a URI by its own serialiser, not the String one: its text is scrubbed too.
        return PlainJson.write(value, redactor::scrub)
                .orElseGet(() -> redactor.scrub(Jackson.write(Jackson.REDACTING, value)));
    }

    /** Jackson's text of the value, unredacted (PlainJsonTest compares both writers). */
    static String jackson(Object value) {
        return Jackson.write(Jackson.MAPPER, value);
    }

    /** Holder: the ObjectMapper (and Jackson's classes) load only when a result needs them. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

        /** The results' mapper with every string value and map key redacted as it is written. */
        static final ObjectMapper REDACTING = MAPPER.copy().registerModule(new SimpleModule("redaction")
                .addSerializer(String.class, new StdSerializer<String>(String.class) {
                    @Override
                    public void serialize(String s, JsonGenerator gen, SerializerProvider provider) throws IOException {
                        gen.writeString(Redactor.global().scrub(s));
                    }
                })
                .addKeySerializer(String.class, new StdSerializer<String>(String.class) {
                    @Override
                    public void serialize(String s, JsonGenerator gen, SerializerProvider provider) throws IOException {
                        gen.writeFieldName(Redactor.global().scrub(s));
                    }
                }));

        static String write(ObjectMapper mapper, Object value) {
            try {
                return mapper.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("result is not serialisable: " + e.getMessage(), e);
            }
        }
    }
}
