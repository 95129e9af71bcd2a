import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.ProfileVariables
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** What runs on each host of an environment (the engine's status). Help: remoteStatus.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.remoteStatus()
    String problem = StepArguments.problem('remoteStatus', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return inventivEngineCommand(label: 'remoteStatus', command: 'status', args: EngineArgv.status(a),
            env: ProfileVariables.settingsEnv(a.settings), sshCredentialsId: a.sshCredentialsId, sshVia: a.sshVia,
            knownHostsCredentialsId: a.knownHostsCredentialsId, returnFailure: a.returnFailure, engine: a.engine)
}
