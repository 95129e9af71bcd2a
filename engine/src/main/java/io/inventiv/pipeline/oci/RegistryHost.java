package io.inventiv.pipeline.oci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/** A registry named alone ({@code --insecure-registry HOST[:PORT]}): the domain part of a reference, port 1-65535. */
public final class RegistryHost {
    private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern HOST_PORT = Pattern.compile(
            "(" + LABEL + "(?:\\." + LABEL + ")*|\\[[a-fA-F0-9:]+\\])(?::([0-9]{1,5}))?");

    private RegistryHost() {
    }

    /** The text, checked; a problem names {@code field}. */
    public static String check(String field, String text) {
        Matcher m = HOST_PORT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw UsageException.field(field, "'" + ReferenceGrammar.printable(text == null ? "" : text) + "' is not a HOST[:PORT]",
                    "name the registry host, e.g. registry.internal:5000");
        }
        if (m.group(2) != null) {
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw UsageException.field(field, "port " + m.group(2) + " in '" + text + "' is not a port number from 1 to 65535",
                        "e.g. registry.internal:5000");
            }
        }
        return text;
    }
}
