package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * After a failed deploy, where an environment's tag (:staging, :prod) goes: back to the digests
 * it had before the promotion only when every host reports it runs the previous release again
 * (the engine's per-host {@code running}); otherwise it stays on the new digests, what at least
 * one host runs, and the message names which host runs what and how to make them agree. Used by
 * inventivPipeline and the operations job (examples/Jenkinsfile.operations), so both decide alike.
 */
class TagBack implements Serializable {

    /**
     * {@code promoted}: promoteByDigest's report of the promotion; {@code deployed}: the failed
     * deploy's report (remoteUpdate with returnFailure), or [error: …] when the deploy gave none.
     * Returns [sources: the images to promote back onto the tag (empty: leave it), message: what
     * the tag and the hosts are left at and what to do, without a final period].
     */
    @NonCPS
    static Map decide(String tag, Map promoted, Map deployed) {
        List<String> previous = PipelineFlow.previousSources(promoted)
        List<Map> hosts = hostStates(deployed)
        String where = describe(hosts, (List) deployed?.get('skippedHosts'))
        if (previous.isEmpty()) {
            return [sources: [], message: ":${tag} did not exist before this deploy (a first deploy), so there is nothing to put back: " +
                    "it stays on the new images. ${where}".toString()]
        }
        if (!hosts.isEmpty() && allPrevious(hosts)) {
            return [sources: previous, message: ":${tag} is back on the previous images, which every host runs again (${where})".toString()]
        }
        String why = hosts.isEmpty()
                ? "the deploy gave no per-host report, so what the hosts run is unknown: check with remoteStatus (the operations job's status)"
                : "not every host is back on the previous release: ${where}"
        return [sources: [], message: ":${tag} stays on the new images (what the deploy put there): ${why}. ${remedy(tag, promoted)}".toString()]
    }

    @NonCPS
    private static boolean allPrevious(List<Map> hosts) {
        for (Map h : hosts) {
            if (h.running != 'previous') {
                return false
            }
        }
        return true
    }

    /** The message when promoting the tag back failed: it still points at the new images. */
    @NonCPS
    static String putBackFailed(String tag, List<String> previous, String error) {
        return ("every host runs the previous release again, but putting :${tag} back failed (${error}), so :${tag} still points at " +
                "the new images, which no host runs. Put it back by hand: promoteByDigest(source: ['${previous.join("', '")}'], " +
                "tag: '${tag}'), or inventiv-pipeline promote --tag ${tag} --source ${previous.join(' --source ')}").toString()
    }

    /** Each reported host: [host, result, running]; running from the engine, else read from result. */
    @NonCPS
    private static List<Map> hostStates(Map deployed) {
        List<Map> states = []
        for (Object h : ((List) deployed?.get('hosts') ?: [])) {
            Map host = (Map) h
            String result = String.valueOf(host.get('result'))
            String running = host.get('running') ?: (result == 'ok' ? 'new' : result in ['rolled-back', 'lock-held'] ? 'previous' : 'unknown')
            states.add([host: String.valueOf(host.get('host')), result: result, running: running])
        }
        return states
    }

    @NonCPS
    private static String describe(List<Map> hosts, List skipped) {
        List<String> parts = []
        for (Map h : hosts) {
            switch (h.running) {
                case 'new': parts.add("${h.host} runs the new release (${h.result}, not rolled back)".toString()); break
                case 'previous': parts.add("${h.host} runs the previous release (${h.result})".toString()); break
                default: parts.add("${h.host}: unknown (${h.result}; the host needs a look)".toString())
            }
        }
        for (Object s : (skipped ?: [])) {
            parts.add("${s} was not reached and runs the previous release".toString())
        }
        return parts.isEmpty() ? 'The deploy reported no host' : parts.join('; ')
    }

    /** Roll back to a digest of the previous release: without one, a rollback goes one release too far on a host already back. */
    @NonCPS
    private static String remedy(String tag, Map promoted) {
        String to = null
        for (Object i : ((List) promoted?.get('images') ?: [])) {
            Map m = (Map) i
            if (to == null && m.get('previousDigest') && m.get('previousDigest') != m.get('digest')) {
                to = String.valueOf(m.get('previousDigest'))
            }
        }
        String job = to == null ? 'ACTION rollback' : "ACTION rollback, TARGET ${to}"
        String step = to == null ? 'remoteRollback' : "remoteRollback(to: '${to}')"
        return "To bring every host and :${tag} back to the previous release, run the operations job (${job}), which moves :${tag} " +
                "with the hosts (or ${step}, then promoteByDigest of what it reports onto :${tag}); or fix the cause and deploy again"
    }
}
