import io.inventiv.pipeline.jenkins.EngineArgv
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/** Builds the image set (or one image) for ARM64 with buildx, optionally pushing. Help: buildxBuild.txt. */
def call(Map args = [:]) {
    Map spec = StepSpecs.buildxBuild()
    String problem = StepArguments.problem('buildxBuild', spec, args)
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    // BuildKit secrets: each id's credential is bound to its own variable the engine hands to buildx.
    Map secretVars = [:]
    Map secretCredentials = [:]
    List ids = new ArrayList(a.secrets.keySet())
    for (int i = 0; i < ids.size(); i++) {
        String variable = EngineArgv.buildSecretVariable(ids[i])
        secretVars[ids[i]] = variable
        secretCredentials[variable] = a.secrets[ids[i]]
    }
    return inventivEngineCommand(label: 'buildxBuild', command: 'build', args: EngineArgv.build(a, secretVars),
            registryCredentialsId: a.registryCredentialsId, secretCredentials: secretCredentials, engine: a.engine)
}
