import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** Redeploys the previous (or a named) release from the hosts' audit log. Help: remoteRollback.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.remoteRollback()
    String problem = StepArguments.problem('remoteRollback', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return remoteUpdate.remoteEngineWithSecrets('remoteRollback', 'rollback', EngineArgv.rollback(a), a)
}
