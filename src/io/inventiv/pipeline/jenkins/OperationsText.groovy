package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * What the operations job (examples/Jenkinsfile.operations) prints and asks. Built here because the
 * job's script is embedded in jenkins.yaml's Job DSL string, where a backslash escape would not survive.
 */
class OperationsText implements Serializable {

    /**
     * remoteStatus per host: docker, compose and the deploy lock, each container, the last audit
     * entries; a host whose docker is not ok is marked, since what runs there is unknown.
     */
    @NonCPS
    static String status(Map status) {
        StringBuilder b = new StringBuilder()
        for (Object o : ((List) status?.get('hosts') ?: [])) {
            Map h = (Map) o
            String mark = h.docker == 'ok' ? '' : "  <<< DOCKER ${String.valueOf(h.docker).toUpperCase()}: what runs here is unknown and a deploy here would fail".toString()
            b.append("${h.user}@${h.host}: docker ${h.docker}, compose ${h.compose}, deploy lock ${h.lock ?: 'free'}${mark}\n".toString())
            for (Object c : ((List) h.containers ?: [])) {
                Map container = (Map) c
                b.append("${h.host} ${container.service} ${container.state} ${container.image}\n".toString())
            }
            for (Object a : ((List) h.audit ?: [])) {
                Map entry = (Map) a
                b.append("  ${entry.time} ${entry.kind} ${entry.result}: release ${entry.releaseId}, build ${entry.build}\n".toString())
            }
        }
        return b.toString()
    }

    /** Why a status failed, in one line: the hosts whose docker is not ok, else the engine's message (no host reported). */
    @NonCPS
    static String statusProblem(Map status) {
        List hosts = (List) status?.get('hosts') ?: []
        List<String> bad = new ArrayList<String>()
        for (Object o : hosts) {
            Map h = (Map) o
            if (h.docker != 'ok') {
                bad.add("${h.user}@${h.host} (docker ${h.docker})".toString())
            }
        }
        if (bad.isEmpty()) {
            return String.valueOf(status?.get('error'))
        }
        return ("status: ${bad.size()} of ${hosts.size()} hosts unhealthy: ${bad.join(', ')}; the report above shows every host. " +
                'Check the daemon there (systemctl status docker) and that the deploy user is in the docker group; bootstrap fixes both').toString()
    }

    /** remoteLogs as the engine prints them without --json: a header per host, then its lines. */
    @NonCPS
    static String logs(Map logs) {
        StringBuilder b = new StringBuilder()
        for (Object o : ((List) logs?.get('hosts') ?: [])) {
            Map h = (Map) o
            b.append("== ${h.host} ${logs.service}\n".toString())
            for (Object line : ((List) h.lines ?: [])) {
                b.append(String.valueOf(line)).append('\n')
            }
        }
        return b.toString()
    }

    /** The approver's question, then the engine's plan per host (running and next digest per service, env keys by name). */
    @NonCPS
    static String approval(String question, Map plan) {
        List hosts = (List) plan?.get('hosts')
        return question + '\n' + (hosts ? PipelineFlow.planText(hosts) : '  (the plan names no host)\n')
    }

    /** The image set as one short line: service@first 12 hex digits of its digest, sorted by service. */
    @NonCPS
    static String images(Map images) {
        List<String> parts = new ArrayList<String>()
        for (Object k : new TreeSet(images.keySet())) {
            String image = String.valueOf(images.get(k))
            int at = image.indexOf('@sha256:')
            parts.add("${k}@${at < 0 ? image : image.substring(at + 8, Math.min(image.length(), at + 20))}".toString())
        }
        return parts.join(' ')
    }
}
