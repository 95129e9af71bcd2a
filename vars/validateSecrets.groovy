import io.inventiv.pipeline.jenkins.Aborts
import io.inventiv.pipeline.jenkins.CredentialIds
import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.ProfileVariables
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/**
 * Reports every missing credential id and setting of an environment at once. withCredentials
 * stops at the first unknown id, so each id is probed on its own. Help: validateSecrets.txt.
 */
def call(Map args = [:]) {
    Map spec = StepSpecs.validateSecrets()
    String problem = StepArguments.problem('validateSecrets', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    List settings = ProfileVariables.settingsEnv(a.settings)
    Map declared = inventivEngineCommand(label: 'validateSecrets', command: 'validate-env',
            args: EngineArgv.validateEnv(a), env: settings, returnFailure: true, engine: a.engine)
    if (declared.variables == null) {
        error(declared.error ?: 'validateSecrets: validate-env gave no report; see the log above')
    }

    List secretNames = ProfileVariables.secretNames(declared)
    Map ids = CredentialIds.forSecretVariables(secretNames, a.secretCredentials)
    Map found = [:]
    List missingIds = []
    for (int i = 0; i < secretNames.size(); i++) {
        String id = ids[secretNames[i]]
        if (credentialExists(string(credentialsId: id, variable: 'INVENTIV_PROBE'))) {
            found[secretNames[i]] = id
        } else {
            missingIds.add(id)
        }
    }
    String sshId = probe(a.sshCredentialsId, missingIds) { String id ->
        sshUserPrivateKey(credentialsId: id, keyFileVariable: 'INVENTIV_PROBE')
    }
    probe(a.knownHostsCredentialsId, missingIds) { String id -> file(credentialsId: id, variable: 'INVENTIV_PROBE') }
    String pullId = probe(a.pullCredentialsId, missingIds) { String id ->
        usernamePassword(credentialsId: id, usernameVariable: 'INVENTIV_PROBE_USER', passwordVariable: 'INVENTIV_PROBE')
    }
    probe(a.registryCredentialsId, missingIds) { String id ->
        usernamePassword(credentialsId: id, usernameVariable: 'INVENTIV_PROBE_USER', passwordVariable: 'INVENTIV_PROBE')
    }

    // Again with what exists bound: the engine names missing settings and malformed values.
    Map report = inventivEngineCommand(label: 'validateSecrets', command: 'validate-env', args: EngineArgv.validateEnv(a),
            env: settings, secretCredentials: found, registryCredentialsId: pullId,
            sshCredentialsId: sshId, sshVia: 'identityFile', returnFailure: true, engine: a.engine)
    Map result = ProfileVariables.summary(report, missingIds)
    if (!result.ok && a.failOnMissing) {
        error("validateSecrets: ${result.profile}: ${ProfileVariables.problems(result)}")
    }
    return result
}

/** The id when a credential with it exists (as {@code binding} makes it), else null, recorded as missing. */
private String probe(String id, List missingIds, Closure credentialBinding) {
    if (id == null) {
        return null
    }
    if (credentialExists(credentialBinding(id))) {
        return id
    }
    missingIds.add(id)
    return null
}

private boolean credentialExists(Map credential) {
    try {
        withCredentials([credential]) {
            echo "validateSecrets: credential ${credential.credentialsId} found"
        }
        return true
    } catch (e) {
        if (Aborts.isAbort(e)) {
            throw e
        }
        return false
    }
}
