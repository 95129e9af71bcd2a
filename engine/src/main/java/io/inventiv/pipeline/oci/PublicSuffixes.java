package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The registrable domain of a host name ("eTLD+1": {@code registry.gitlab.com} → {@code gitlab.com},
 * {@code foo.github.io} → {@code foo.github.io}), from the Public Suffix List the system ships
 * (Debian's {@code publicsuffix} package). Without that file every last label is taken as the
 * public suffix, the list's own default rule.
 */
final class PublicSuffixes {
    static final Path SYSTEM_LIST = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;

    private PublicSuffixes(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = rules;
        this.wildcards = wildcards;
        this.exceptions = exceptions;
    }

    /** The system's list, read once, on first use (only a token realm off the registry's host needs it). */
    static PublicSuffixes system() {
        return SystemList.INSTANCE;
    }

    static PublicSuffixes parse(List<String> lines) {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            int space = line.indexOf(' ');
            line = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith("!")) {
                exceptions.add(line.substring(1));
            } else if (line.startsWith("*.")) {
                wildcards.add(line.substring(2));
            } else {
                rules.add(line);
            }
        }
        return new PublicSuffixes(rules, wildcards, exceptions);
    }

    /** The host's registrable domain; null for an address, a single label or a public suffix itself. */
    String registrableDomain(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!h.contains(".") || h.contains(":") || h.matches("[0-9.]+")) {
            return null;
        }
        String[] labels = h.split("\\.");
        int suffixStart = labels.length - 1; // the default rule "*": the last label
        for (int i = 0; i < labels.length; i++) {
            String candidate = join(labels, i);
            if (exceptions.contains(candidate)) {
                suffixStart = i + 1;
                break;
            }
            if (rules.contains(candidate) || (i + 1 < labels.length && wildcards.contains(join(labels, i + 1)))) {
                suffixStart = i;
                break;
            }
        }
        return suffixStart == 0 ? null : join(labels, suffixStart - 1);
    }

    private static String join(String[] labels, int from) {
        return String.join(".", java.util.Arrays.asList(labels).subList(from, labels.length));
    }

    private static final class SystemList {
        static final PublicSuffixes INSTANCE = load();

        private static PublicSuffixes load() {
            try {
                return parse(Files.readAllLines(SYSTEM_LIST, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return parse(List.of());
            }
        }
    }
}
