package io.inventiv.pipeline.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one component that knows secret values and scrubs them from anything the engine prints,
 * logs or puts in an exception message. Besides the raw value it masks the forms a value
 * takes on its way through tools (JSON-escaped, shell-quoted, URL-encoded, base64), longest
 * first so a secret containing another is masked whole.
 */
public final class Redactor {
    public static final String MASK = "****";
    /** Shorter values would mask ordinary words and digits everywhere; profiles reject them as secrets. */
    public static final int MIN_LENGTH = 4;

    private static final Redactor GLOBAL = new Redactor();

    private final Set<String> forms = new LinkedHashSet<>();
    private volatile List<String> ordered = List.of();

    /** The process-wide redactor used by the CLI, the runner and error reporting. */
    public static Redactor global() {
        return GLOBAL;
    }

    public synchronized Redactor add(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return this;
        }
        addForm(secret);
        addForm(secret.strip());
        addForm(jsonEscaped(secret));
        addForm(secret.replace("'", "'\\''"));
        addForm(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        addForm(b64);
        addForm(b64.replaceAll("=+$", ""));
        // A multi-line secret (a private key) is also masked line by line: tools print lines.
        for (String line : secret.split("\\R")) {
            addForm(line.strip());
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        ordered = List.copyOf(sorted);
        return this;
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : ordered) {
            if (out.contains(form)) {
                out = out.replace(form, MASK);
            }
        }
        return out;
    }

    private void addForm(String form) {
        if (form.length() >= MIN_LENGTH) {
            forms.add(form);
        }
    }

    private static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
