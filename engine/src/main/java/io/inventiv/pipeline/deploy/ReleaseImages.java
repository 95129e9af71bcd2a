package io.inventiv.pipeline.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.oci.ImageRef;

/**
 * Checks the images of one release against the profile: exactly one {@code repo@sha256:...} per
 * release service, each in the repository the profile says that service runs. A release is
 * deployed by digest only, so the host runs exactly what was promoted.
 */
public final class ReleaseImages {
    private ReleaseImages() {
    }

    static void check(Map<String, String> expectedRepos, Map<String, String> given) {
        check(expectedRepos, given, service -> "release images");
    }

    /**
     * @param flagOf the flag that gave a service's image ({@code --image}, {@code --digest}, {@code --release});
     *               for a service with no image, the flag that would give it. The first problem's flag names the line.
     */
    public static void check(Map<String, String> expectedRepos, Map<String, String> given, Function<String, String> flagOf) {
        List<String> problems = new ArrayList<>();
        String field = null;
        for (Map.Entry<String, String> e : expectedRepos.entrySet()) {
            String ref = given.get(e.getKey());
            String problem = ref == null ? "no image given" : problem(ref, e.getValue());
            if (problem != null) {
                problems.add(e.getKey() + ": " + problem);
                field = field == null ? flagOf.apply(e.getKey()) : field;
            }
        }
        for (String service : given.keySet()) {
            if (!expectedRepos.containsKey(service)) {
                problems.add(service + ": not a release service of this profile");
                field = field == null ? flagOf.apply(service) : field;
            }
        }
        if (!problems.isEmpty()) {
            throw UsageException.field(field, String.join("; ", problems),
                    "give one repo@sha256:<64 hex> per release service (" + String.join(", ", expectedRepos.keySet()) + ")");
        }
    }

    private static String problem(String text, String expectedRepo) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(text);
        } catch (UsageException e) {
            return "not an image reference (" + e.getMessage() + ")";
        }
        if (ref.digest() == null) {
            return "not repo@sha256:<64 lowercase hex>";
        }
        if (ref.tag() != null) {
            return "names tag :" + ref.tag() + " besides the digest; leave the tag out (a release is deployed by digest)";
        }
        String expected = ImageRef.parse(expectedRepo).name();
        if (!ref.name().equals(expected)) {
            return "repository " + ref.name() + " is not the profile's " + expectedRepo;
        }
        return null;
    }
}
