package io.inventiv.pipeline.jenkinstest.demo

import java.nio.file.Path

/** A finished build of the demo Jenkins: its result, page (description) and the files kept for it. */
class DemoBuildResult {
    String job
    int number
    /** SUCCESS, FAILURE or ABORTED. */
    String result
    String header
    long millis
    /** What the Jenkinsfile returned (inventivPipeline's run Map). */
    Object returned
    Throwable failure
    String description
    /** STATE/jobs/JOB/N: log, description, archive/, engine/. */
    Path dir
    List<Map> stages
    List<Map> reports
    String console
    Set<String> secretsBound

    boolean ok() {
        return result == 'SUCCESS'
    }

    /** The last report of an engine command in a stage (or in the build, when stage is null). */
    Map report(String command, String stage = null) {
        Map found = reports.reverse().find { it.command == command && (stage == null || it.stage == stage) }
        return found == null ? null : (Map) found.report
    }

    String toString() {
        return "${job} #${number}: ${result}${failure ? ' (' + failure.message + ')' : ''}"
    }
}
