import io.inventiv.pipeline.jenkins.CredentialIds
import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.EngineResult
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/**
 * Runs one engine command on this node with the credentials it needs bound, and returns its JSON
 * report as plain Maps. Every other step is a thin layer over this one. Help: inventivEngineCommand.txt.
 */
def call(Map args = [:]) {
    Map spec = StepSpecs.engineCommand()
    String problem = StepArguments.problem('inventivEngineCommand', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    Map engine = inventivEngine(a.engine)

    List bindings = []
    List secretVars = []
    if (a.registryCredentialsId != null) {
        bindings.add(usernamePassword(credentialsId: a.registryCredentialsId,
                usernameVariable: 'REGISTRY_USERNAME', passwordVariable: 'REGISTRY_PASSWORD'))
        secretVars.add('REGISTRY_PASSWORD')
    }
    if (a.knownHostsCredentialsId != null) {
        bindings.add(file(credentialsId: a.knownHostsCredentialsId, variable: 'INVENTIV_KNOWN_HOSTS'))
    }
    if (a.sshCredentialsId != null && a.sshVia == 'identityFile') {
        bindings.add(sshUserPrivateKey(credentialsId: a.sshCredentialsId, keyFileVariable: 'INVENTIV_IDENTITY_FILE'))
    }
    List secretNames = new ArrayList(a.secretCredentials.keySet())
    Collections.sort(secretNames)
    Map secretIds = CredentialIds.forSecretVariables(secretNames, a.secretCredentials)
    for (int i = 0; i < secretNames.size(); i++) {
        String name = secretNames[i]
        bindings.add(string(credentialsId: secretIds[name], variable: name))
        secretVars.add(name)
    }

    // Each call's report in a directory of its own under <workspace>@tmp, removed once read (also when
    // the engine failed or the build was aborted): deleteDir needs no process on the agent, and two
    // calls on one workspace never touch each other's files.
    String reportDir = "${pwd(tmp: true)}/inventiv-${a.command}-${UUID.randomUUID()}"
    String report = reportDir + '/report.json'
    List envList = []
    envList.addAll(engine.env)
    envList.addAll(a.env)
    envList.add(EngineArgv.toEnv(a.command, a.args))
    envList.add('INVENTIV_JSON_OUT=' + report)
    // Added to, never replacing, what an outer step named: a secret an enclosing withCredentials bound
    // (and listed there) must stay masked in the reports this call writes.
    envList.add('INVENTIV_SECRET_VARS=' + CredentialIds.secretVarsList((String) env.INVENTIV_SECRET_VARS, secretVars))

    int exitCode = 0
    Map result = null
    try {
        withCredentials(bindings) {
            exitCode = runWithSsh(a, envList)
        }
        result = EngineResult.report(readFile(report))
    } finally {
        dir(reportDir) {
            deleteDir()
        }
    }
    if (exitCode != 0) {
        String message = EngineResult.failureMessage(a.label, a.command, exitCode, result)
        if (!a.returnFailure) {
            error(message)
        }
        Map failure = result == null ? [:] : result
        failure.exitCode = exitCode
        failure.error = message
        return failure
    }
    return result == null ? [:] : result
}

private int runWithSsh(Map a, List envList) {
    int exitCode = 0
    if (a.sshCredentialsId != null && a.sshVia == 'agent') {
        sshagent([a.sshCredentialsId]) {
            exitCode = runEngine(envList)
        }
        return exitCode
    }
    return runEngine(envList)
}

// One constant script for every command: the arguments arrive one per line in INVENTIV_ARGS,
// files a credential binding wrote come as their own variables. No value is part of the script.
private int runEngine(List envList) {
    int exitCode = 0
    withEnv(envList) {
        exitCode = sh(returnStatus: true, label: 'inventiv-pipeline', script: 'set -f; IFS=\'\n\'; mkdir -p "${INVENTIV_JSON_OUT%/*}"; "$INVENTIV_ENGINE" $INVENTIV_ARGS ${INVENTIV_KNOWN_HOSTS:+--known-hosts} ${INVENTIV_KNOWN_HOSTS:-} ${INVENTIV_IDENTITY_FILE:+--identity-file} ${INVENTIV_IDENTITY_FILE:-} --json >"$INVENTIV_JSON_OUT"')
    }
    return exitCode
}
