package io.inventiv.pipeline.deploy.remote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one quoting function for everything that reaches the remote shell. ssh joins its
 * arguments into a single string that the login shell parses again, so every word is wrapped
 * in single quotes (inside which a POSIX shell expands nothing) and each embedded single quote
 * is closed, escaped and reopened. NUL cannot travel in a shell word at all and is refused.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String word) {
        if (word == null) {
            throw new IllegalArgumentException("cannot quote null");
        }
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain NUL");
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** One remote command line: every word quoted, joined by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }

    /** {@code NAME='value'} for a file the host-side script sources; the name must be a shell identifier. */
    public static String assignment(String name, String value) {
        if (!name.matches("[A-Z_][A-Z0-9_]*")) {
            throw new IllegalArgumentException("not a shell variable name: " + name);
        }
        return name + "=" + quote(value);
    }
}
