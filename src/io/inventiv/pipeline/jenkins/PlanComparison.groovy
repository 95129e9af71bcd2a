package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The production plan an approver accepted against the one made again inside the lock: equal when
 * the engine's {@code fingerprint}s are (docs/remote.md, section Plan), else a short account of
 * what moved (per host: the running release, each service's running or next image, each env key,
 * the compose and secret files), so the build says why it stopped. Calls no step.
 */
class PlanComparison implements Serializable {

    /** At most this many differences are named; the rest are counted. */
    static final int MAX_NAMED = 6

    /** The engine's fingerprint of a deploy --plan result, or null when it gave none. */
    @NonCPS
    static String fingerprint(Map plan) {
        Object f = plan?.get('fingerprint')
        return f == null || String.valueOf(f).trim().isEmpty() ? null : String.valueOf(f)
    }

    /** Why a plan cannot be approved, or null: without a fingerprint the plan made in the lock cannot be compared. */
    @NonCPS
    static String unusable(Map plan) {
        if (fingerprint(plan) != null) {
            return null
        }
        return 'the engine\'s deploy --plan gave no fingerprint, so the plan cannot be checked again inside the lock; ' +
                'use the engine version this library pins (inventivEngine)'
    }

    /** Null when the plan made in the lock is the approved one; else one line saying what changed. */
    @NonCPS
    static String change(Map approved, Map now) {
        return change(approved, now, 'rebuild the tag to approve the current plan')
    }

    /** As {@link #change(Map, Map)}, ending with {@code retry}: how to ask again (the operations job runs again, a release rebuilds its tag). */
    @NonCPS
    static String change(Map approved, Map now, String retry) {
        String was = fingerprint(approved)
        String is = fingerprint(now)
        if (was != null && was == is) {
            return null
        }
        List<String> moved = differences(approved, now)
        if (moved.isEmpty()) {
            moved.add("plan fingerprint ${short12(was)} at approval, now ${short12(is)}".toString())
        }
        String named = moved.size() > MAX_NAMED ?
                moved.subList(0, MAX_NAMED).join('; ') + "; and ${moved.size() - MAX_NAMED} more".toString() :
                moved.join('; ')
        return "production changed after the approval (the plan computed in the lock differs from the approved one: ${named}); ${retry}".toString()
    }

    /** What moved between two plans, host by host, as short phrases (approved value first). */
    @NonCPS
    static List<String> differences(Map approved, Map now) {
        List<String> out = new ArrayList<String>()
        Map<String, Map> before = hostsByName(approved)
        Map<String, Map> after = hostsByName(now)
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                out.add("${name} is no longer in the plan".toString())
            }
        }
        for (String name : after.keySet()) {
            Map b = before.get(name)
            Map a = after.get(name)
            int named = out.size()
            if (b == null) {
                out.add("${name} is new in the plan".toString())
                continue
            }
            same(out, "${name}: docker", b.docker, a.docker)
            if (b.runningRelease != a.runningRelease) {
                out.add("${name} ran release ${b.runningRelease} (build ${b.runningBuild}) at approval, now ${a.runningRelease} (build ${a.runningBuild})".toString())
            }
            services(out, name, (List) b.services, (List) a.services)
            Map envBefore = (Map) b.env
            Map envAfter = (Map) a.env
            same(out, "${name} env file", envBefore?.file, envAfter?.file)
            // An unreadable env file lists no keys: its keys did not all stop changing.
            if (envBefore?.file != 'unknown' && envAfter?.file != 'unknown') {
                fates(out, "${name} env key", envFates(envBefore), envFates(envAfter))
            }
            same(out, "${name} compose file", b.compose, a.compose)
            fates(out, "${name} secret file", fileFates((Map) b.secretFiles), fileFates((Map) a.secretFiles))
            // Named only when nothing above explains it: then an env value or the compose text moved.
            if (b.releaseId != a.releaseId && out.size() == named) {
                out.add("${name} would get release ${b.releaseId} at approval, now ${a.releaseId} (an env value or the compose file differs)".toString())
            }
        }
        return out
    }

    @NonCPS
    private static void services(List<String> out, String host, List before, List after) {
        Map<String, Map> b = byKey(before, 'service')
        Map<String, Map> a = byKey(after, 'service')
        for (String s : b.keySet()) {
            if (!a.containsKey(s)) {
                out.add("${host} ${s}: no longer in the release".toString())
            }
        }
        for (String s : a.keySet()) {
            Map was = b.get(s)
            Map is = a.get(s)
            if (was == null) {
                out.add("${host} ${s}: new in the release".toString())
                continue
            }
            if (was.running != is.running) {
                out.add("${host} ${s}: the running image moved from ${image(was.running)} to ${image(is.running)}".toString())
            }
            if (was.next != is.next) {
                out.add("${host} ${s}: the image to deploy is ${image(is.next)}, approved ${image(was.next)}".toString())
            }
            if (was.change != is.change && was.running == is.running && was.next == is.next) {
                out.add("${host} ${s}: ${was.change} at approval, now ${is.change}".toString())
            }
        }
    }

    /** key -> added, removed or changed (a key in no list is not changed by the deploy). */
    @NonCPS
    private static Map<String, String> envFates(Map env) {
        Map<String, String> fates = new TreeMap<String, String>()
        for (String fate : ['added', 'removed', 'changed']) {
            for (Object k : ((List) env?.get(fate) ?: [])) {
                fates.put(String.valueOf(k), fate)
            }
        }
        return fates
    }

    @NonCPS
    private static Map<String, String> fileFates(Map files) {
        Map<String, String> fates = new TreeMap<String, String>()
        for (String fate : ['added', 'changed']) {
            for (Object k : ((List) files?.get(fate) ?: [])) {
                fates.put(String.valueOf(k), fate)
            }
        }
        return fates
    }

    @NonCPS
    private static void fates(List<String> out, String what, Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<String>(before.keySet())
        keys.addAll(after.keySet())
        for (String k : keys) {
            String was = before.get(k) ?: 'not changed'
            String is = after.get(k) ?: 'not changed'
            if (was != is) {
                out.add("${what} ${k}: ${was} at approval, now ${is}".toString())
            }
        }
    }

    @NonCPS
    private static void same(List<String> out, String what, Object before, Object after) {
        if (String.valueOf(before) != String.valueOf(after)) {
            out.add("${what}: ${before} at approval, now ${after}".toString())
        }
    }

    @NonCPS
    private static Map<String, Map> hostsByName(Map plan) {
        Map<String, Map> hosts = new LinkedHashMap<String, Map>()
        for (Object o : ((List) plan?.get('hosts') ?: [])) {
            Map h = (Map) o
            hosts.put("${h.user}@${h.host}".toString(), h)
        }
        return hosts
    }

    @NonCPS
    private static Map<String, Map> byKey(List items, String key) {
        Map<String, Map> out = new LinkedHashMap<String, Map>()
        for (Object o : (items ?: [])) {
            out.put(String.valueOf(((Map) o).get(key)), (Map) o)
        }
        return out
    }

    @NonCPS
    private static String image(Object ref) {
        return ref == null ? 'none' : PipelineFlow.shortDigest(ref)
    }

    @NonCPS
    private static String short12(String fingerprint) {
        return fingerprint == null ? 'none' : fingerprint.substring(0, Math.min(12, fingerprint.length()))
    }
}
