package io.inventiv.pipeline.gate;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.UsageException;

/**
 * A validated set of checks: unique names, every {@code needs} names a check of the gate, no
 * cycles, every working directory exists, every {@code passEnv} variable is set. All of it is checked before anything runs, so bad
 * input never leaves a half-run gate behind.
 */
public final class GatePlan {
    private final Map<String, CheckSpec> checks;

    private GatePlan(Map<String, CheckSpec> checks) {
        this.checks = checks;
    }

    public static GatePlan of(List<CheckSpec> specs) {
        return of(specs, System.getenv());
    }

    /** @param environment the engine's, where every passEnv variable must be set (empty counts) */
    public static GatePlan of(List<CheckSpec> specs, Map<String, String> environment) {
        if (specs.isEmpty()) {
            throw UsageException.field("--check", "no checks to run",
                    "give --gate-file gate.yaml, --builtin inventiv-agents or --check NAME=COMMAND");
        }
        Map<String, CheckSpec> byName = new LinkedHashMap<>();
        for (CheckSpec s : specs) {
            CheckSpec earlier = byName.putIfAbsent(s.name(), s);
            if (earlier != null) {
                throw UsageException.field(s.origin() + ".name", "'" + s.name() + "' is already used by " + earlier.origin(),
                        "give every check its own name");
            }
        }
        for (CheckSpec s : specs) {
            for (String need : s.needs()) {
                if (!byName.containsKey(need)) {
                    throw UsageException.field(s.origin() + ".needs", "unknown check '" + need + "'",
                            "name one of: " + String.join(", ", byName.keySet()));
                }
            }
            for (int i = 0; i < s.passEnv().size(); i++) {
                String name = s.passEnv().get(i);
                if (environment.get(name) == null) {
                    throw UsageException.field(s.origin() + ".passEnv[" + i + "]",
                            name + " is not set in the engine's environment",
                            "bind it around the gate (Jenkins: withCredentials), set it empty, or remove it from passEnv");
                }
            }
            if (!Files.isDirectory(s.dir())) {
                throw UsageException.field(s.origin() + ".dir", s.dir() + " does not exist or is not a directory",
                        "create it or fix the path (relative to the gate file)");
            }
        }
        rejectCycles(byName);
        return new GatePlan(byName);
    }

    /** The checks in declaration order. */
    public List<CheckSpec> checks() {
        return List.copyOf(checks.values());
    }

    public CheckSpec check(String name) {
        return checks.get(name);
    }

    private static void rejectCycles(Map<String, CheckSpec> byName) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String name : byName.keySet()) {
            List<String> path = new ArrayList<>();
            if (findCycle(name, byName, state, path)) {
                CheckSpec first = byName.get(path.get(path.size() - 1));
                int start = path.indexOf(path.get(path.size() - 1));
                throw UsageException.field(first.origin() + ".needs",
                        "cycle " + String.join(" → ", path.subList(start, path.size())),
                        "remove one of these needs so the checks can be ordered");
            }
        }
    }

    private static boolean findCycle(String name, Map<String, CheckSpec> byName, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(name);
        path.add(name);
        if (s != null && s == 1) {
            return true;
        }
        if (s != null) {
            path.remove(path.size() - 1);
            return false;
        }
        state.put(name, 1);
        for (String need : byName.get(name).needs()) {
            if (findCycle(need, byName, state, path)) {
                return true;
            }
        }
        state.put(name, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
