package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.inventiv.pipeline.UsageException;

/**
 * Findings the team has accepted: one entry a line, {@code #} starts a comment.
 * <ul>
 * <li>{@code sha256:0123456789abcdef}: a finding's fingerprint; that secret is allowed wherever it is;</li>
 * <li>anything else: a glob over repository-relative paths ({@code **} crosses directories,
 * {@code *} does not); a glob without '/' also matches a file name in any directory.
 * Files matching a glob are not read at all.</li>
 * </ul>
 */
public final class Allowlist {
    public static final Allowlist NONE = new Allowlist(List.of(), Set.of());

    private final List<PathMatcher> paths;
    private final List<PathMatcher> names;
    private final Set<String> fingerprints;

    private Allowlist(List<PathMatcher> paths, Set<String> fingerprints) {
        this(paths, List.of(), fingerprints);
    }

    private Allowlist(List<PathMatcher> paths, List<PathMatcher> names, Set<String> fingerprints) {
        this.paths = List.copyOf(paths);
        this.names = List.copyOf(names);
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /** Reads an allowlist file; a missing or malformed file is bad input (exit 2). */
    public static Allowlist read(Path file, String option) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            String why = !Files.exists(file) ? "does not exist" : Files.isDirectory(file) ? "is a directory"
                    : "cannot be read as UTF-8 text";
            throw UsageException.field(option, "allowlist " + file + " " + why,
                    "pass a readable UTF-8 file of path globs and sha256: fingerprints");
        }
        return parse(lines, file + "", option);
    }

    static Allowlist parse(List<String> lines, String source, String option) {
        List<PathMatcher> paths = new ArrayList<>();
        List<PathMatcher> names = new ArrayList<>();
        Set<String> fingerprints = new HashSet<>();
        for (int n = 0; n < lines.size(); n++) {
            String entry = withoutComment(lines.get(n));
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith(Fingerprint.PREFIX)) {
                if (!Fingerprint.looksLikeOne(entry)) {
                    throw UsageException.field(option, source + " line " + (n + 1) + ": '" + entry
                            + "' is not a fingerprint", "copy the fingerprint of a finding as printed (sha256: and 16 hex digits)");
                }
                fingerprints.add(entry);
                continue;
            }
            try {
                paths.add(FileSystems.getDefault().getPathMatcher("glob:" + entry));
                if (!entry.contains("/")) {
                    names.add(FileSystems.getDefault().getPathMatcher("glob:" + entry));
                }
            } catch (IllegalArgumentException e) {
                throw UsageException.field(option, source + " line " + (n + 1) + ": '" + entry
                        + "' is not a valid glob", "fix the pattern (e.g. tests/fixtures/** or *.pem)");
            }
        }
        return new Allowlist(paths, names, fingerprints);
    }

    /** Whole-line comments, and " #" after an entry. */
    private static String withoutComment(String line) {
        String s = line.strip();
        if (s.startsWith("#")) {
            return "";
        }
        int hash = s.indexOf(" #");
        return (hash >= 0 ? s.substring(0, hash) : s).strip();
    }

    public boolean allowsPath(String relativePath) {
        if (paths.isEmpty()) {
            return false;
        }
        Path p = Path.of(relativePath);
        for (PathMatcher m : paths) {
            if (m.matches(p)) {
                return true;
            }
        }
        Path name = p.getFileName();
        for (PathMatcher m : names) {
            if (name != null && m.matches(name)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsFingerprint(String fingerprint) {
        return fingerprints.contains(fingerprint);
    }
}
