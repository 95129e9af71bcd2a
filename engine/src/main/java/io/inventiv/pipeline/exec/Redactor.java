package io.inventiv.pipeline.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one component that knows secret values and scrubs them from anything the engine prints,
 * logs or puts in an exception message. Besides the raw value it masks the forms a value
 * takes on its way through tools ({@link SecretForms}: JSON-escaped, shell-quoted, URL-encoded,
 * base64), longest first so a secret containing another is masked whole.
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
        for (String form : SecretForms.of(secret)) {
            if (form.length() >= MIN_LENGTH) {
                forms.add(form);
            }
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
}
