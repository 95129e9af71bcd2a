package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class JsonReaderTest {

    private static Object parse(String s) {
        return JsonReader.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatJacksonReads() throws Exception {
        String doc = "{\"a\":[1,-2.5e3,true,false,null,\"x\\\"y\\\\z\\u00e9\\n\"],\"b\":{},\"c\":[],\"d\":123456789012}";
        Map<String, Object> m = JsonReader.object(parse(doc));
        Map<String, Object> jackson = new java.util.LinkedHashMap<>();
        new ObjectMapper().readTree(doc).fields().forEachRemaining(e -> jackson.put(e.getKey(),
                normalise(new ObjectMapper().convertValue(e.getValue(), Object.class))));
        assertThat(m).isEqualTo(jackson);
        assertThat(JsonReader.array(m.get("a"))).isEqualTo(java.util.Arrays.asList(1L, -2500.0, true, false, null,
                "x\"y\\zé\n"));
        assertThat(JsonReader.number(m, "d", 0)).isEqualTo(123456789012L);
    }

    @Test
    void refusesBrokenDocumentsSayingWhere() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\\q\"", "tru", "{a:1}")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at character");
        }
    }

    private static Object normalise(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new java.util.ArrayList<>();
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        return v;
    }
}
