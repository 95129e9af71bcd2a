package io.inventiv.pipeline.oci;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Token scopes ({@code repository:NAME:pull,push}) merged per resource, so one token request
 * asks for everything a call needs, e.g. a cross-repository mount's two repositories.
 */
final class Scopes {
    private final Map<String, Set<String>> actions = new TreeMap<>();

    private Scopes() {
    }

    static String pull(ImageRef repo) {
        return "repository:" + repo.repository() + ":pull";
    }

    static String pullPush(ImageRef repo) {
        return "repository:" + repo.repository() + ":pull,push";
    }

    static Scopes of(Collection<String> scopes) {
        Scopes s = new Scopes();
        for (String scope : scopes) {
            s.add(scope);
        }
        return s;
    }

    /** Adds one or more space-separated scopes, as a WWW-Authenticate scope parameter holds them. */
    Scopes add(String scopes) {
        if (scopes == null) {
            return this;
        }
        for (String scope : scopes.trim().split("\\s+")) {
            int last = scope.lastIndexOf(':');
            if (scope.isEmpty() || last <= 0) {
                continue;
            }
            Set<String> set = actions.computeIfAbsent(scope.substring(0, last), k -> new TreeSet<>());
            for (String a : scope.substring(last + 1).split(",")) {
                if (!a.isEmpty()) {
                    set.add(a);
                }
            }
        }
        return this;
    }

    boolean covers(Scopes needed) {
        for (Map.Entry<String, Set<String>> e : needed.actions.entrySet()) {
            Set<String> have = actions.get(e.getKey());
            if (have == null || !(have.containsAll(e.getValue()) || have.contains("*"))) {
                return false;
            }
        }
        return true;
    }

    Set<String> asList() {
        Set<String> out = new LinkedHashSet<>();
        actions.forEach((resource, acts) -> out.add(resource + ":" + String.join(",", acts)));
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", asList());
    }
}
