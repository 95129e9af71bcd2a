import io.inventiv.pipeline.jenkins.CredentialIds
import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.ProfileVariables
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/**
 * Deploys a release to an environment: validate-env, then deploy (or its plan), with the
 * profile's secret variables bound from credentials and the read-only pull credential for the
 * hosts. Help: remoteUpdate.txt.
 */
def call(Map args = [:]) {
    Map spec = StepSpecs.remoteUpdate()
    String problem = StepArguments.problem('remoteUpdate', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    return remoteEngineWithSecrets('remoteUpdate', 'deploy', EngineArgv.deploy(a), a)
}

/**
 * Runs a deploy-family command: first asks the profile which variables are secrets, binds
 * exactly those (and the pull credential), validates, then runs {@code command}.
 */
Map remoteEngineWithSecrets(String label, String command, List argv, Map a) {
    List settings = ProfileVariables.settingsEnv(a.settings)
    Map declared = inventivEngineCommand(label: label, command: 'validate-env', args: EngineArgv.validateEnv(a),
            env: settings, returnFailure: true, engine: a.engine)
    if (declared.variables == null) {
        error(declared.error ?: "${label}: validate-env gave no report; see the log above")
    }
    List secretNames = ProfileVariables.secretNames(declared)
    Map secretCredentials = CredentialIds.forSecretVariables(secretNames, a.secretCredentials)
    inventivEngineCommand(label: label, command: 'validate-env', args: EngineArgv.validateEnv(a), env: settings,
            secretCredentials: secretCredentials, registryCredentialsId: a.pullCredentialsId,
            sshCredentialsId: a.sshCredentialsId, sshVia: a.sshVia, engine: a.engine)
    return inventivEngineCommand(label: label, command: command, args: argv, env: settings,
            secretCredentials: secretCredentials, registryCredentialsId: a.pullCredentialsId,
            sshCredentialsId: a.sshCredentialsId, sshVia: a.sshVia,
            knownHostsCredentialsId: a.knownHostsCredentialsId, returnFailure: a.returnFailure == true, engine: a.engine)
}
