package io.inventiv.pipeline.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The texts a secret value turns into on its way through tools and writers, so the redactor can
 * mask each of them: the raw value, JSON string escapes (as Jackson writes them and as other
 * writers do), shell single-quoting, URL and URI percent-encoding, and base64 at any alignment within a longer
 * encoded text (docker's {@code base64(user:password)}, {@code echo $SECRET | base64}).
 */
final class SecretForms {
    /**
     * A base64 fragment decoded at an offset of the surrounding bytes is masked only from this
     * length on: shorter runs of base64 letters occur by chance in digests and identifiers.
     */
    static final int MIN_FRAGMENT = 8;
    private static final String HEX = "0123456789abcdef";

    private SecretForms() {
    }

    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(secret.strip());
        for (int variant = 0; variant < 16; variant++) {
            forms.add(jsonEscaped(secret, (variant & 1) != 0, (variant & 2) != 0, (variant & 4) != 0,
                    (variant & 8) != 0));
        }
        forms.add(secret.replace("'", "'\\''"));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        for (String kept : new String[] {"", "/", "/:@!$&'()*+,;="}) {
            forms.add(percentEncoded(secret, kept));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            String b64 = encoder.encodeToString(bytes);
            forms.add(b64);
            forms.add(b64.replaceAll("=+$", ""));
            for (int offset = 0; offset < 3; offset++) {
                String fragment = fragment(encoder, bytes, offset);
                if (fragment.length() >= MIN_FRAGMENT) {
                    forms.add(fragment);
                }
            }
        }
        // A multi-line secret (a private key) is also masked line by line: tools print lines.
        for (String line : secret.split("\\R")) {
            forms.add(line.strip());
        }
        return forms;
    }

    /** RFC 3986 percent-encoding, keeping the unreserved characters and {@code kept} (a path, a userinfo). */
    private static String percentEncoded(String s, String kept) {
        StringBuilder b = new StringBuilder(s.length() * 3);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0;
            if (unreserved || (c < 0x80 && kept.indexOf(c) >= 0)) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(HEX.charAt(c >> 4))).append(Character.toUpperCase(HEX.charAt(c & 0xF)));
            }
        }
        return b.toString();
    }

    /**
     * The base64 letters that depend on the secret's bytes alone when the secret starts
     * {@code offset} bytes into a 3-byte group of a longer text: the letters that mix in the
     * bytes before or after it are left out.
     */
    private static String fragment(Base64.Encoder encoder, byte[] secret, int offset) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        String enc = encoder.withoutPadding().encodeToString(shifted);
        int firstBit = offset * 8;
        int endBit = firstBit + secret.length * 8;
        int from = (firstBit + 5) / 6;
        int to = endBit / 6;
        return from >= to ? "" : enc.substring(from, to);
    }

    /**
     * The JSON string body of the value: Jackson writes {@code \b} and {@code \f} and upper-case
     * {@code \\u00XX}; other writers use {@code \\u0008}, lower-case hex, {@code \/} or escape all
     * of non-ASCII.
     */
    private static String jsonEscaped(String s, boolean longControls, boolean lowerHex, boolean slash,
            boolean asciiOnly) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '/' -> b.append(slash ? "\\/" : "/");
                default -> {
                    if (c == '\b' && !longControls) {
                        b.append("\\b");
                    } else if (c == '\f' && !longControls) {
                        b.append("\\f");
                    } else if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        String hex = HEX.charAt(c >> 12) + "" + HEX.charAt((c >> 8) & 0xF) + HEX.charAt((c >> 4) & 0xF)
                                + HEX.charAt(c & 0xF);
                        b.append("\\u").append(lowerHex ? hex : hex.toUpperCase(java.util.Locale.ROOT));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
