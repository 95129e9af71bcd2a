import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** Points a tag at the exact manifest of a digest, for one image or a release set (all or nothing). Help: promoteByDigest.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.promoteByDigest()
    String problem = StepArguments.problem('promoteByDigest', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return inventivEngineCommand(label: 'promoteByDigest', command: 'promote', args: EngineArgv.promote(a),
            registryCredentialsId: a.registryCredentialsId, engine: a.engine)
}
