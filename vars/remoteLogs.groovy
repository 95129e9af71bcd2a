import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.ProfileVariables
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** Recent logs of one compose service on each host of an environment. Help: remoteLogs.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.remoteLogs()
    String problem = StepArguments.problem('remoteLogs', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return inventivEngineCommand(label: 'remoteLogs', command: 'logs', args: EngineArgv.logs(a),
            env: ProfileVariables.settingsEnv(a.settings), sshCredentialsId: a.sshCredentialsId, sshVia: a.sshVia,
            knownHostsCredentialsId: a.knownHostsCredentialsId, engine: a.engine)
}
