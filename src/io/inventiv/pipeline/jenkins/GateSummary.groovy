package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** ciGate's result and failure line from the gate's JSON report. */
class GateSummary implements Serializable {

    /** {@code passed} and the checks with name, status, durationMs, exitCode, reason and image (null on the agent). */
    @NonCPS
    static Map result(Map report) {
        Map result = new HashMap()
        List checks = new ArrayList()
        if (report.get('checks') instanceof List) {
            for (Object c : (List) report.get('checks')) {
                Map check = (Map) c
                Map m = new HashMap()
                m.put('name', check.get('name'))
                m.put('status', check.get('status'))
                m.put('durationMs', check.get('durationMs'))
                m.put('exitCode', check.get('exitCode'))
                m.put('reason', check.get('reason'))
                m.put('image', check.get('image'))
                checks.add(m)
            }
        }
        result.put('checks', checks)
        result.put('passed', report.get('passed') == true)
        result.put('junit', report.get('junit'))
        return result
    }

    /** "ciGate: 2 of 5 checks failed: cargo-test (timedOut: ...), lint (failed)". */
    @NonCPS
    static String failure(Map report, int exitCode) {
        List<String> failed = new ArrayList<String>()
        int total = 0
        if (report.get('checks') instanceof List) {
            for (Object c : (List) report.get('checks')) {
                Map check = (Map) c
                total++
                if (check.get('status') != 'passed') {
                    String reason = check.get('reason') == null ? '' : ": ${check.get('reason')}"
                    failed.add("${check.get('name')} (${check.get('status')}${reason})".toString())
                }
            }
        }
        if (failed.isEmpty()) {
            return EngineResult.failureMessage('ciGate', 'gate', exitCode, report)
        }
        return "ciGate: ${failed.size()} of ${total} checks failed: ${failed.join(', ')}".toString()
    }
}
