package io.inventiv.pipeline.deploy.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares env files without their values travelling: each value is reduced to
 * sha256(salt LF value), the way plan.sh does it on the host, with a salt made fresh for each
 * plan (a hash of a short secret that outlived its plan could be guessed against). The hashes
 * stay inside the engine: only key names reach the plan's output.
 */
final class ValueHashes {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** An env key as both sides read it; a line with any other key is left out on both. */
    static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final String salt;

    private ValueHashes(String salt) {
        this.salt = salt;
    }

    static ValueHashes fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ValueHashes(HexFormat.of().formatHex(bytes));
    }

    /** What plan.sh reads from stdin. */
    String salt() {
        return salt;
    }

    /**
     * KEY → hash of each KEY=VALUE line, split as plan.sh splits them (at the first '=', blank
     * lines and '#' comments skipped, the last of a repeated key winning, as compose reads it).
     */
    Map<String, String> of(String envText) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : envText.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (!KEY.matcher(line.substring(0, eq)).matches()) {
                continue;
            }
            out.remove(line.substring(0, eq));
            out.put(line.substring(0, eq), hash(line.substring(eq + 1)));
        }
        return out;
    }

    String hash(String value) {
        return sha256(salt + "\n" + value);
    }

    /** A secret file's bytes, as plan.sh hashes the files of the host's secrets directory. */
    String hash(byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((salt + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain sha256 of a file's text (the compose file is no secret). */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
