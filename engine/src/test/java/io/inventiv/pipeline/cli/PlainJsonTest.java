package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.build.BuildResult;
import io.inventiv.pipeline.oci.Promotion;

/**
 * PlainJson writes exactly what Jackson writes, for every record and enum of the engine (found by
 * scanning the compiled classes, instances made from their component types), or declines and
 * leaves the value to Jackson. The results of digest, promote, build and push must not need Jackson.
 */
class PlainJsonTest {
    private static final String TRICKY = "a\"b\\c/d\n\r\t\b\f\u0000\u0001\u001f\u007f é ✓ \u2028 😀 end";

    @Test
    void everyRecordAndEnumOfTheEngineIsWrittenAsJacksonWritesItOrLeftToJackson() throws Exception {
        int compared = 0;
        List<String> declined = new ArrayList<>();
        for (Class<?> type : engineTypes()) {
            for (boolean withNulls : new boolean[] {false, true}) {
                Object value;
                try {
                    value = sample(type, withNulls, 0);
                } catch (ReflectiveOperationException | RuntimeException refusedByItsConstructor) {
                    continue;
                }
                String jackson;
                try {
                    jackson = Json.jackson(value);
                } catch (IllegalStateException jacksonCannot) {
                    continue;
                }
                Optional<String> plain = PlainJson.write(value);
                if (plain.isPresent()) {
                    assertThat(plain.get()).as(type.getName() + (withNulls ? " (nulls)" : "")).isEqualTo(jackson);
                    compared++;
                } else {
                    declined.add(type.getName());
                }
                // Through the one public entry point it is always Jackson's text.
                assertThat(Json.write(value)).isEqualTo(io.inventiv.pipeline.exec.Redactor.global().scrub(jackson));
            }
        }
        assertThat(compared).as("records and enums compared; declined: " + declined).isGreaterThan(50);
    }

    @Test
    void theRegistryAndBuildResultsNeverNeedJackson() throws Exception {
        for (Class<?> type : List.of(DigestCommand.Result.class, Promotion.Result.class, Promotion.Image.class,
                BuildResult.class, BuildResult.Image.class, PushCommand.PushResult.class)) {
            Object value = sample(type, false, 0);
            assertThat(PlainJson.write(value)).as(type.getName()).isPresent().contains(Json.jackson(value));
            Object nulls = sample(type, true, 0);
            assertThat(PlainJson.write(nulls)).as(type.getName()).isPresent().contains(Json.jackson(nulls));
        }
        // ErrorReporter's error object is a map.
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", TRICKY);
        error.put("exitCode", 2);
        error.put("field", null);
        assertThat(PlainJson.write(error)).contains(Json.jackson(error));
    }

    @Test
    void everyCharacterIsEscapedAsJacksonEscapesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        all.append("\ud800 \udfff \uffff");
        for (Object v : List.of(all.toString(), List.of(all.toString()), Map.of(all.toString(), all.toString()))) {
            assertThat(PlainJson.write(v)).contains(Json.jackson(v));
        }
    }

    @Test
    void valuesJacksonWritesDifferentlyAreLeftToJackson() {
        record WithOptional(Optional<String> o) {
        }
        record WithPath(Path p) {
        }
        record WithGetter(String a) {
            public String getB() {
                return "b";
            }
        }
        record WithAnnotation(@com.fasterxml.jackson.annotation.JsonProperty("renamed") String a) {
        }
        record WithDouble(double d) {
        }
        record WithAnnotatedInterface(String a) implements Renamed {
        }
        for (Object v : List.of(new WithOptional(Optional.of("x")), new WithPath(Path.of("/tmp")),
                new WithGetter("a"), new WithAnnotation("a"), new WithDouble(1.5), new WithAnnotatedInterface("x"), new Object(), new int[] {1},
                Map.of(1, "non-string key"))) {
            assertThat(PlainJson.write(v)).as(v.getClass().getName()).isEmpty();
        }
        assertThat(Json.write(new WithAnnotation("a"))).isEqualTo("{\"renamed\":\"a\"}");
        assertThat(Json.write(new WithGetter("a"))).isEqualTo(Json.jackson(new WithGetter("a")));
    }

    interface Renamed {
        @com.fasterxml.jackson.annotation.JsonProperty("renamed")
        String a();
    }

    private static List<Class<?>> engineTypes() throws IOException {
        Path root;
        try {
            root = Path.of(PlainJson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> c = Class.forName(name, false, PlainJsonTest.class.getClassLoader());
                    if (c.isRecord() || c.isEnum()) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable on its own (e.g. an optional dependency): nothing a command prints
                }
            }
        }
        return out;
    }

    private static Object sample(Type type, boolean withNulls, int depth) throws ReflectiveOperationException {
        if (depth > 6) {
            return null;
        }
        Class<?> raw = raw(type);
        if (raw == String.class || raw == Object.class || raw == CharSequence.class) {
            return withNulls && depth > 0 ? null : TRICKY;
        }
        if (raw == int.class || raw == Integer.class) {
            return -42;
        }
        if (raw == long.class || raw == Long.class) {
            return 9_007_199_254_740_993L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return !withNulls;
        }
        if (raw == short.class || raw == Short.class) {
            return (short) 7;
        }
        if (raw == byte.class || raw == Byte.class) {
            return (byte) 3;
        }
        if (raw == char.class || raw == Character.class) {
            return '"';
        }
        if (raw == double.class || raw == Double.class) {
            return 1.5;
        }
        if (raw == float.class || raw == Float.class) {
            return 2.5f;
        }
        if (raw == Optional.class) {
            return Optional.ofNullable(sample(arg(type, 0), withNulls, depth + 1));
        }
        if (raw == Path.class) {
            return Path.of("/tmp/x y");
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants.length == 0 ? null : constants[constants.length - 1];
        }
        if (Map.class.isAssignableFrom(raw)) {
            Map<Object, Object> m = new LinkedHashMap<>();
            Object key = sample(arg(type, 0), false, depth + 1);
            m.put(key == null ? "k" : key, sample(arg(type, 1), withNulls, depth + 1));
            m.put("second", sample(arg(type, 1), false, depth + 1));
            return m;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Collection<Object> c = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            c.add(sample(arg(type, 0), false, depth + 1));
            if (!withNulls) {
                c.add(sample(arg(type, 0), true, depth + 1));
            }
            return c;
        }
        if (raw.isRecord()) {
            RecordComponent[] parts = raw.getRecordComponents();
            Class<?>[] types = new Class<?>[parts.length];
            Object[] args = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                args[i] = sample(parts[i].getGenericType(), withNulls, depth + 1);
            }
            Constructor<?> ctor = raw.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        }
        if (raw.isArray() || raw.isPrimitive()) {
            throw new IllegalArgumentException("no sample for " + raw);
        }
        return null;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type arg(Type t, int i) {
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length > i
                ? p.getActualTypeArguments()[i] : Object.class;
    }
}
