package io.inventiv.pipeline.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.inventiv.pipeline.UsageException;

/**
 * Checks the images of one release against the profile: exactly one {@code repo@sha256:...} per
 * release service, each in the repository the profile says that service runs. A release is
 * deployed by digest only, so the host runs exactly what was promoted.
 */
final class ReleaseImages {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private ReleaseImages() {
    }

    static void check(Map<String, String> expectedRepos, Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expectedRepos.entrySet()) {
            String ref = given.get(e.getKey());
            String problem = ref == null ? "no image given" : problem(ref, e.getValue());
            if (problem != null) {
                problems.add(e.getKey() + ": " + problem);
            }
        }
        for (String service : given.keySet()) {
            if (!expectedRepos.containsKey(service)) {
                problems.add(service + ": not a release service of this profile");
            }
        }
        if (!problems.isEmpty()) {
            throw UsageException.field("release images", String.join("; ", problems),
                    "give one repo@sha256:<64 hex> per release service (" + String.join(", ", expectedRepos.keySet()) + ")");
        }
    }

    private static String problem(String ref, String expectedRepo) {
        int at = ref.lastIndexOf('@');
        if (at < 0 || !SHA256.matcher(ref.substring(at + 1)).matches()) {
            return "not repo@sha256:<64 lowercase hex>";
        }
        String repo = ref.substring(0, at);
        if (!repo.equals(expectedRepo)) {
            return "repository " + repo + " is not the profile's " + expectedRepo
                    + " (a tag, if any, must be left out)";
        }
        return null;
    }
}
