package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** What an engine run's exit code and JSON report mean for the step. */
class EngineResult implements Serializable {

    /** The engine's exit code for "another deploy holds the lock" (docs/cli.md). */
    static final int LOCK_HELD = 3

    /** The one line a failed run becomes: the engine's own message, and what exit 3 means. */
    @NonCPS
    static String failureMessage(String step, String command, int exitCode, Object report) {
        String message = null
        if (report instanceof Map && ((Map) report).get('error') != null) {
            message = ((Map) report).get('error').toString()
        }
        if (message == null && report != null) {
            message = "the engine's lines in the log above say why"
        }
        if (message == null) {
            message = "the engine failed without a report (exit ${exitCode}); see the log above".toString()
        }
        String prefix = "${step}: ${command} failed (exit ${exitCode})".toString()
        if (exitCode == LOCK_HELD) {
            prefix = "${step}: ${command} failed: the deploy lock is held by another deploy (exit 3); wait for it or see remoteStatus".toString()
        }
        return "${prefix}: ${message}".toString()
    }

    /** The report as a Map, also when the engine printed nothing or something else. */
    @NonCPS
    static Map report(String text) {
        Object parsed
        try {
            parsed = PlainData.parseJson(text)
        } catch (IllegalArgumentException e) {
            return null
        }
        return parsed instanceof Map ? (Map) parsed : null
    }
}
