package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.inventiv.pipeline.UsageException;

/**
 * The images of one release: compose service → {@code repository@sha256:…}. Only digest
 * references are accepted, so the host runs exactly what was promoted.
 */
public record Release(Map<String, Image> services) {

    /** One service's image, pinned by digest. */
    public record Image(String repository, String digest) {
        public String reference() {
            return repository + "@" + digest;
        }

        /** The registry host of the repository (for docker login), e.g. ghcr.io or 127.0.0.1:5000. */
        public String registry() {
            int slash = repository.indexOf('/');
            String first = slash < 0 ? "" : repository.substring(0, slash);
            return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
        }
    }

    static final String SERVICE = "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}";
    private static final Pattern REF = Pattern.compile(
            "([a-z0-9][a-z0-9.-]*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)+|[a-z0-9]+(?:[._-]+[a-z0-9]+)*)"
            + "@(sha256:[0-9a-f]{64})");

    public Release {
        // Sorted and stable: the release id hashes these lines, and Map.copyOf order varies per JVM.
        services = java.util.Collections.unmodifiableMap(new TreeMap<>(services));
    }

    /** Parses {@code SERVICE=REPO@sha256:…} as given to --image. */
    public static Map.Entry<String, Image> parseAssignment(String field, String text) {
        int eq = text.indexOf('=');
        if (eq < 1) {
            throw UsageException.field(field, "'" + text + "' is not SERVICE=REPOSITORY@sha256:DIGEST",
                    "e.g. --image api=ghcr.io/o/app-api@sha256:…");
        }
        String service = text.substring(0, eq);
        return Map.entry(checkService(field, service), parseImage(field + " " + service, text.substring(eq + 1)));
    }

    public static Image parseImage(String field, String text) {
        Matcher m = REF.matcher(text.strip());
        if (!m.matches()) {
            throw UsageException.field(field, "'" + text + "' is not REPOSITORY@sha256:<64 hex>",
                    "deploy by digest, e.g. ghcr.io/o/app-api@sha256:… (lower-case repository)");
        }
        return new Image(m.group(1), m.group(2));
    }

    public static String checkService(String field, String service) {
        if (!service.matches(SERVICE)) {
            throw UsageException.field(field, "'" + service + "' is not a compose service name",
                    "use letters, digits, '.', '_' or '-'");
        }
        return service;
    }

    /**
     * The one reader of release files (deploy and render-env): a JSON/YAML object of service →
     * reference, optionally under "images" (or "services").
     */
    public static Release fromFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw UsageException.field("--release", "cannot read " + file + ": " + e.getMessage(),
                    "pass a JSON or YAML file mapping each service to REPOSITORY@sha256:…");
        }
        for (String wrapper : new String[] {"images", "services"}) {
            if (root != null && root.has(wrapper) && root.get(wrapper).isObject()) {
                root = root.get(wrapper);
            }
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw UsageException.field("--release", file + " holds no services",
                    "map each service to REPOSITORY@sha256:…");
        }
        Map<String, Image> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            JsonNode v = e.getValue();
            String ref = v.isTextual() ? v.asText() : v.path("ref").asText(v.path("reference").asText(""));
            out.put(checkService("--release", e.getKey()), parseImage("--release " + e.getKey(), ref));
        }
        return new Release(out);
    }

    /** "svc repo digest" lines for the host script (every part matches a strict pattern). */
    String hostLines() {
        StringBuilder b = new StringBuilder();
        services.forEach((s, i) -> b.append(s).append(' ').append(i.repository()).append(' ').append(i.digest()).append('\n'));
        return b.toString();
    }

    public Map<String, String> references() {
        Map<String, String> m = new TreeMap<>();
        services.forEach((s, i) -> m.put(s, i.reference()));
        return m;
    }

    public List<String> registries() {
        return services.values().stream().map(Image::registry).distinct().sorted().toList();
    }
}
