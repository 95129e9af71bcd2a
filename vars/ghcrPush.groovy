import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** Pushes images built without push, then verifies the registry holds them. Help: ghcrPush.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.ghcrPush()
    String problem = StepArguments.problem('ghcrPush', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return inventivEngineCommand(label: 'ghcrPush', command: 'push', args: EngineArgv.images(a),
            registryCredentialsId: a.registryCredentialsId, engine: a.engine)
}
