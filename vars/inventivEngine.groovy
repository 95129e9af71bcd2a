import io.inventiv.pipeline.jenkins.EnginePins
import io.inventiv.pipeline.jenkins.EngineResolution
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.StepSpecs

/**
 * Makes the engine available on this node (a pre-installed jar, the agent's cache, or the
 * release asset, checked against engine.properties) and returns how to run it. With a body,
 * runs it with the engine's variables set, and the steps inside reuse this resolution.
 * Everything that touches the agent happens in engine-resolve.sh, on the agent. Help: inventivEngine.txt.
 */
def call(Map args = [:], Closure body = null) {
    String problem = StepArguments.problem('inventivEngine', StepSpecs.inventivEngine(), args)
    if (problem != null) {
        error(problem)
    }
    Map outer = new HashMap()
    for (String name in EngineResolution.ENV_NAMES) {
        outer.put(name, env.getProperty(name))
    }
    Map engine = EngineResolution.enclosing(args, outer, env.NODE_NAME)
    if (engine == null) {
        engine = resolve(args == null ? [:] : args)
    }
    if (body == null) {
        return engine
    }
    return withEnv(engine.env) {
        body()
    }
}

def call(Closure body) {
    return call([:], body)
}

private Map resolve(Map args) {
    if (!isUnix()) {
        error('inventivEngine: this agent is not Unix; the engine runs on Linux or macOS agents with /bin/sh: give the stage a node label that picks one')
    }
    Map pins = EnginePins.parse(libraryResource('io/inventiv/pipeline/engine.properties'))
    String jdkHome = args.jdk == null ? '' : tool(name: args.jdk, type: 'jdk')
    // Unique names: parallel branches on one workspace must not rewrite a script another one runs.
    String base = "${pwd(tmp: true)}/inventiv-engine-${UUID.randomUUID()}"
    String launcher = base + '-launcher.sh'
    String resolver = base + '-resolve.sh'
    writeFile(file: launcher, text: libraryResource('io/inventiv/pipeline/engine-launcher.sh'))
    writeFile(file: resolver, text: libraryResource('io/inventiv/pipeline/engine-resolve.sh'))
    String answer
    withEnv(EnginePins.resolverEnv(pins, args, jdkHome, launcher, resolver)) {
        answer = sh(returnStdout: true, label: 'inventivEngine', script: 'rc=0; /bin/sh "$INVENTIV_RESOLVE_SCRIPT" || rc=$?; rm -f "$INVENTIV_RESOLVE_SCRIPT"; exit $rc')
    }
    Map engine = EngineResolution.fromAnswer(answer, env.NODE_NAME)
    if (engine.error != null) {
        error(engine.error)
    }
    return engine
}
