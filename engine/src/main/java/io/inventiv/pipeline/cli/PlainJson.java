package io.inventiv.pipeline.cli;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Writes command results made of plain records, maps, collections, strings, numbers, booleans
 * and enums exactly as Jackson does, without loading Jackson (about 490 classes and an
 * ObjectMapper, 0.3-0.4 s of CPU in a fresh JVM, paid by every {@code --json} step). Anything
 * else (a Jackson annotation, an extra getter, an Optional, a Path, a POJO...) makes
 * {@link #write} answer empty, and {@link Json} falls back to Jackson. PlainJsonTest compares
 * both writers on every record of the engine.
 */
final class PlainJson {
    private static final Map<Class<?>, Boolean> PLAIN_TYPES = new ConcurrentHashMap<>();
    private static final String HEX = "0123456789ABCDEF";

    private final UnaryOperator<String> strings;

    private PlainJson(UnaryOperator<String> strings) {
        this.strings = strings;
    }

    /** The JSON text Jackson would write, or empty when the value holds anything not plain. */
    static Optional<String> write(Object value) {
        return write(value, UnaryOperator.identity());
    }

    /**
     * As {@link #write(Object)}, with every string (keys included) passed through {@code strings}
     * before it is escaped: the redactor sees the value, not its JSON spelling.
     */
    static Optional<String> write(Object value, UnaryOperator<String> strings) {
        StringBuilder out = new StringBuilder(256);
        try {
            return new PlainJson(strings).append(out, value, 0) ? Optional.of(out.toString()) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean append(StringBuilder out, Object v, int depth) throws ReflectiveOperationException {
        if (depth > 64) {
            return false;
        }
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Character c) {
            string(out, String.valueOf(c));
        } else if (v instanceof Enum<?> e) {
            if (!plainType(e.getDeclaringClass())) {
                return false;
            }
            string(out, e.name());
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object item : c) {
                out.append(first ? "" : ",");
                first = false;
                if (!append(out, item, depth + 1)) {
                    return false;
                }
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false;
                }
                out.append(first ? "" : ",");
                first = false;
                string(out, key);
                out.append(':');
                if (!append(out, e.getValue(), depth + 1)) {
                    return false;
                }
            }
            out.append('}');
        } else if (v instanceof Record r) {
            if (!plainType(r.getClass())) {
                return false;
            }
            out.append('{');
            boolean first = true;
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, c.getName());
                out.append(':');
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                Object value;
                try {
                    value = accessor.invoke(r);
                } catch (InvocationTargetException e) {
                    return false;
                }
                if (!append(out, value, depth + 1)) {
                    return false;
                }
            }
            out.append('}');
        } else {
            return false;
        }
        return true;
    }

    /**
     * A record or enum Jackson writes by its components or name alone: no Jackson annotation on
     * it or its members, and (records) no public getter besides the components' accessors.
     */
    private static boolean plainType(Class<?> type) {
        return PLAIN_TYPES.computeIfAbsent(type, PlainJson::inspect);
    }

    private static boolean inspect(Class<?> type) {
        if (jacksonAnnotated(type)) {
            return false;
        }
        for (Field f : type.getDeclaredFields()) {
            if (jacksonAnnotated(f)) {
                return false;
            }
        }
        Set<String> accessors = new HashSet<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (jacksonAnnotated(c)) {
                    return false;
                }
                accessors.add(c.getName());
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            for (Parameter p : c.getParameters()) {
                if (jacksonAnnotated(p)) {
                    return false;
                }
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (jacksonAnnotated(m)) {
                return false;
            }
            boolean getterLike = m.getParameterCount() == 0 && Modifier.isPublic(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
                    && (m.getName().startsWith("get") || m.getName().startsWith("is"));
            if (type.isRecord() && getterLike && !accessors.contains(m.getName())) {
                return false;
            }
        }
        // Jackson also reads annotations from the interfaces a type implements, and their methods.
        for (Class<?> i : type.getInterfaces()) {
            if (jacksonAnnotated(i)) {
                return false;
            }
            for (Method m : i.getDeclaredMethods()) {
                if (jacksonAnnotated(m)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean jacksonAnnotated(AnnotatedElement e) {
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (a.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }

    /** Jackson's escaping: quote, backslash, the five short escapes, other controls as \\u00XX; nothing else. */
    private void string(StringBuilder out, String value) {
        String s = strings.apply(value);
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        out.append("\\u00").append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 0xF));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
