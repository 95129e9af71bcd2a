package io.inventiv.pipeline.deploy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.UsageException;

/**
 * The one table of a deploy's named timeouts and their defaults, for profiles and target files
 * alike (they used to disagree: lockWait 10m in profiles, 5m in target files). docs/cli.md,
 * docs/profile.md and docs/remote.md print this table; their tests read it from here.
 */
public final class DeployTimeouts {
    /** Every named timeout with its default, in the order the docs list them. */
    public static final Map<String, Duration> DEFAULTS = defaults();

    /** The shortest lease the host-side lock renewal can keep up with. */
    public static final Duration MIN_LEASE = Duration.ofSeconds(2);

    private DeployTimeouts() {
    }

    /**
     * The table with {@code raw}'s values over the defaults. A name not in the table or a value
     * outside the duration grammar is bad input named {@code where + "timeouts.NAME"}.
     */
    public static Map<String, Duration> read(Map<String, String> raw, String where) {
        Map<String, Duration> out = new LinkedHashMap<>(DEFAULTS);
        if (raw != null) {
            for (Map.Entry<String, String> e : raw.entrySet()) {
                String field = where + "timeouts." + e.getKey();
                if (!DEFAULTS.containsKey(e.getKey())) {
                    throw UsageException.field(field, "unknown timeout", "known: " + String.join(", ", DEFAULTS.keySet()));
                }
                out.put(e.getKey(), Durations.parse(field, e.getValue()));
            }
        }
        Duration lease = out.get("lease");
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw UsageException.field(where + "timeouts.lease", Durations.format(lease) + " is shorter than "
                    + Durations.format(MIN_LEASE), "give the lock a lease of at least " + Durations.format(MIN_LEASE)
                    + " (default " + Durations.format(DEFAULTS.get("lease")) + ")");
        }
        return Collections.unmodifiableMap(out);
    }

    /** The named timeout of {@code timeouts}, or its default when the map lacks it. */
    public static Duration of(Map<String, Duration> timeouts, String name) {
        Duration d = timeouts == null ? null : timeouts.get(name);
        return d != null ? d : DEFAULTS.get(name);
    }

    private static Map<String, Duration> defaults() {
        Map<String, Duration> t = new LinkedHashMap<>();
        t.put("lockWait", Duration.ofMinutes(10));
        t.put("pull", Duration.ofMinutes(10));
        t.put("up", Duration.ofMinutes(5));
        t.put("hook", Duration.ofMinutes(10));
        t.put("health", Duration.ofMinutes(2));
        // the whole run on one host, the wait for the lock included
        t.put("total", Duration.ofMinutes(30));
        // How long the deploy lock counts as alive without a renewal; the host-side run renews it six times per lease.
        t.put("lease", Duration.ofSeconds(30));
        return Collections.unmodifiableMap(t);
    }
}
