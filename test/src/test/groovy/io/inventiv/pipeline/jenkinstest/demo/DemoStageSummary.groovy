package io.inventiv.pipeline.jenkinstest.demo

/**
 * The transcript's text for one stage of a demo build: what it did, read from the engine reports
 * the stage's steps read (docs/cli.md's JSON fields), so the line says what the engine said.
 */
class DemoStageSummary {

    static String of(Map stage) {
        List<Map> reports = (List<Map>) stage.reports
        Map<String, List<Map>> by = reports.groupBy { (String) it.command }.collectEntries { k, v -> [(k): v*.report] }
        if (!stage.ok) {
            Map failed = reports.reverse().find { it.report instanceof Map && it.report.error }
            return failed ? "${failed.command}: ${failed.report.error}" : 'failed (see the build log)'
        }
        switch (stage.name) {
            case 'CI gate': return gate(last(by, 'gate'))
            case 'Build images': return build(last(by, 'build'))
            case 'Validate staging': return validate(last(by, 'validate-env'))
            case 'Wait for main': return waitForMain(by)
            case 'Promote release': return promote(last(by, 'promote'))
            case 'Approval': return approval(by)
            case 'Deploy staging':
            case 'Deploy production':
                return promote(last(by, 'promote')) + '; ' + deploy(last(by, 'deploy'))
            default: return by.keySet().join(', ')
        }
    }

    static Map last(Map<String, List<Map>> by, String command) {
        List<Map> all = by[command]
        return all ? all[-1] : [:]
    }

    static String gate(Map r) {
        List checks = (List) r.checks ?: []
        return "${checks.count { it.status == 'passed' }} of ${checks.size()} checks passed (${checks*.name.join(', ')}); JUnit on the build page"
    }

    static String build(Map r) {
        String how = r.buildxBuilder ? "buildx, builder ${r.buildxBuilder}, ${r.driver} driver" : String.valueOf(r.builder)
        if (r.skipped) {
            return "every :<sha12> exists: nothing rebuilt (${how})"
        }
        List images = (List) r.images ?: []
        String tags = images ? images[0].tags.join(', ') : ''
        return ":${tags} pushed: ${images.collect { "${it.name} ${shortDigest(it.digest)} ${it.platforms.join(',')}" }.join(', ')} (${how})"
    }

    static String validate(Map r) {
        return "profile ${r.profile}: ${((List) r.variables ?: []).size()} variables ok, ssh key from ${r.sshKey}, no credential missing"
    }

    static String waitForMain(Map<String, List<Map>> by) {
        List<Map> digests = by['digest'] ?: []
        return "main's :<sha12> found (${digests.collect { "${name(it.reference)} ${shortDigest(it.digest)}" }.join(', ')}); " +
                "staging's audit shows them deployed ok; nothing rebuilt"
    }

    static String promote(Map r) {
        List images = (List) r.images ?: []
        if (images.isEmpty()) {
            return 'nothing promoted'
        }
        String tag = String.valueOf(images[0].target).substring(String.valueOf(images[0].target).lastIndexOf(':') + 1)
        return ":${tag} → ${images.collect { "${name(it.target)} ${shortDigest(it.digest)}" }.join(', ')} by digest (${images.count { it.changed }} moved)"
    }

    static String approval(Map<String, List<Map>> by) {
        List<Map> plans = (by['deploy'] ?: []).findAll { it.plan }
        Map plan = plans ? plans[-1] : [:]
        List hosts = (List) plan.hosts ?: []
        String changes = hosts.collect { h ->
            "${h.user}@${h.host}: " + ((List) h.services ?: []).collect { "${it.service} ${it.running ? shortDigest(it.running) : 'nothing'} -> ${shortDigest(it.next)}" }.join(', ')
        }.join('; ')
        return "deploy --plan shown to the approver (${changes}); approved by ${SampleAppDemo.APPROVER}"
    }

    static String deploy(Map r) {
        List hosts = (List) r.hosts ?: []
        return "${r.result}: release ${r.releaseId} on " + hosts.collect { h ->
            "${h.user}@${h.host} (${((List) h.verified ?: []).size()} services verified by digest)"
        }.join(', ')
    }

    static String status(Map r) {
        List hosts = (List) r.hosts ?: []
        return hosts.collect { h ->
            "${h.host}: " + ((List) h.containers ?: []).collect { "${it.service} ${it.state}" }.join(', ')
        }.join('; ')
    }

    static String name(Object reference) {
        String s = String.valueOf(reference)
        String last = s.substring(s.lastIndexOf('/') + 1)
        return last.replaceAll('[:@].*$', '')
    }

    static String shortDigest(Object image) {
        String s = String.valueOf(image)
        int at = s.indexOf('sha256:')
        return at < 0 ? s : s.substring(at, Math.min(s.length(), at + 19)) + '…'
    }
}
