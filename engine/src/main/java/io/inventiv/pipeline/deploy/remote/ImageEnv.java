package io.inventiv.pipeline.deploy.remote;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the release's {@code repo@digest} references into an env file that was rendered without
 * them (the {@code --env-file} path; profiles render them in directly): lines for those keys are
 * replaced, everything else is kept byte for byte.
 */
public final class ImageEnv {
    private ImageEnv() {
    }

    public static String merge(String envText, Map<String, String> imageEnvKeys, Release release) {
        Map<String, String> lines = new LinkedHashMap<>();
        release.services().forEach((service, image) -> lines.put(keyFor(imageEnvKeys, service), image.reference()));
        StringBuilder out = new StringBuilder();
        for (String line : envText.split("\n", -1)) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : null;
            if (key != null && lines.containsKey(key)) {
                continue;
            }
            out.append(line).append('\n');
        }
        String text = out.toString().replaceAll("\n+$", "\n");
        if (text.equals("\n")) {
            text = "";
        }
        StringBuilder b = new StringBuilder(text);
        // Digest references hold only [a-z0-9./:@-]: no quoting needed in any compose version.
        lines.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** The target's key for a service, else SERVICE_IMAGE (upper case, non-alphanumerics as '_'). */
    static String keyFor(Map<String, String> imageEnvKeys, String service) {
        String k = imageEnvKeys == null ? null : imageEnvKeys.get(service);
        return k != null ? k : service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_IMAGE";
    }
}
