package io.inventiv.pipeline.oci;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/**
 * The docker/distribution reference grammar, un-normalised (docker's {@code reference.Parse}):
 * {@code [domain[:port]/]path[:tag][@digest]}. {@link ImageRef#parse} adds docker's
 * normalisation on top, the way {@code ParseNormalizedNamed} does.
 */
final class ReferenceGrammar {
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String PATH = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";

    private static final Pattern REFERENCE = Pattern.compile(
            "((?:" + DOMAIN + "/)?" + PATH + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern NAME = Pattern.compile("(?:(" + DOMAIN + ")/)?(" + PATH + ")");
    static final Pattern TAG_PATTERN = Pattern.compile(TAG);

    /** Why a reference was refused; the names follow docker's errors. */
    enum Problem { NAME_EMPTY, INVALID_FORMAT, NAME_CONTAINS_UPPERCASE, NAME_TOO_LONG, DIGEST_INVALID_LENGTH,
        DIGEST_UNSUPPORTED, DIGEST_INVALID_FORMAT }

    /** A refused reference. */
    static final class InvalidReferenceException extends UsageException {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        InvalidReferenceException(String message, Problem problem) {
            super(message);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    /** The parts of a reference; domain, tag and digest may be null. */
    record Parts(String domain, String path, String tag, Digest digest) {
    }

    private ReferenceGrammar() {
    }

    static Parts parse(String text, String field) {
        return parse(text, field, text);
    }

    /** {@code shown} is what the user typed, for messages (text may be the normalised form). */
    static Parts parse(String text, String field, String typed) {
        String shown = printable(typed);
        String fix = "write it as [registry[:port]/]repository[:tag][@sha256:<64 hex>], e.g. ghcr.io/owner/app:1.2.3";
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is empty", fix, Problem.NAME_EMPTY);
        }
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            if (REFERENCE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                throw invalid(field, "repository name in '" + shown + "' must be lowercase", "use lowercase letters",
                        Problem.NAME_CONTAINS_UPPERCASE);
            }
            throw invalid(field, "'" + shown + "' is not a valid image reference", fix, Problem.INVALID_FORMAT);
        }
        Matcher n = NAME.matcher(m.group(1));
        if (!n.matches()) {
            throw invalid(field, "'" + shown + "' is not a valid image reference", fix, Problem.INVALID_FORMAT);
        }
        checkPort(n.group(1), field, shown);
        // docker limits the path, not domain + path.
        if (n.group(2).length() > NAME_TOTAL_LENGTH_MAX) {
            throw invalid(field, "repository path is " + n.group(2).length() + " characters long, more than "
                    + NAME_TOTAL_LENGTH_MAX, "shorten it", Problem.NAME_TOO_LONG);
        }
        Digest digest = null;
        if (m.group(3) != null) {
            try {
                digest = Digest.parse(m.group(3), field);
            } catch (Digest.InvalidDigestException e) {
                throw new InvalidReferenceException(e.getMessage(), switch (e.problem()) {
                    case UNSUPPORTED -> Problem.DIGEST_UNSUPPORTED;
                    case INVALID_LENGTH -> Problem.DIGEST_INVALID_LENGTH;
                    case INVALID_FORMAT -> Problem.DIGEST_INVALID_FORMAT;
                });
            }
        }
        return new Parts(n.group(1), n.group(2), m.group(2), digest);
    }

    /** docker's grammar takes any digits after the registry's colon; a connection needs a port 1-65535. */
    private static void checkPort(String domain, String field, String shown) {
        int colon = domain == null ? -1 : domain.lastIndexOf(':');
        if (colon < 0 || domain.endsWith("]")) {
            return;
        }
        String port = domain.substring(colon + 1);
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw invalid(field, "registry port " + port + " in '" + shown + "' is not a port number from 1 to 65535",
                    "write the registry as HOST:PORT with a port from 1 to 65535, e.g. registry.internal:5000",
                    Problem.INVALID_FORMAT);
        }
    }

    /** Control characters escaped, so a message stays one readable line. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static InvalidReferenceException invalid(String field, String problem, String fix, Problem kind) {
        return new InvalidReferenceException(field + ": " + problem + "; " + fix, kind);
    }
}
