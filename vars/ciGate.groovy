import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.GateSummary
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** The CI gate: the repository's gate file or the built-in gate, JUnit on the build page. Help: ciGate.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.ciGate()
    String problem = StepArguments.problem('ciGate', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    // Bound around the engine and named in INVENTIV_SECRET_VARS, so the engine masks them in the
    // streamed output and in the JUnit report the build page shows (Jenkins masks only its console).
    Map report = inventivEngineCommand(label: 'ciGate', command: 'gate', args: EngineArgv.gate(a),
            secretCredentials: a.secretCredentials, returnFailure: true, engine: a.engine)
    // The report goes to the build page also when a check failed: that is when it is read.
    if (fileExists(a.junitFile)) {
        junit(testResults: a.junitFile, allowEmptyResults: true)
    }
    if (report.exitCode != null) {
        error(GateSummary.failure(report, report.exitCode))
    }
    return GateSummary.result(report)
}
