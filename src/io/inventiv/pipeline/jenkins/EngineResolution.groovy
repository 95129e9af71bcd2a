package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * What inventivEngine returns: read from engine-resolve.sh's key=value answer, or taken back from
 * the variables an enclosing {@code inventivEngine {}} block set on the same node.
 */
class EngineResolution implements Serializable {

    /** The variables a resolution sets for the steps' scripts, in the order they are listed. */
    static final List<String> ENV_NAMES = ['INVENTIV_ENGINE', 'INVENTIV_ENGINE_JAR', 'INVENTIV_JAVA_HOME',
                                           'INVENTIV_JAVA_VERSION', 'INVENTIV_CDS_DIR', 'INVENTIV_ENGINE_VERSION',
                                           'INVENTIV_ENGINE_NODE']

    private static final List<String> ANSWER_KEYS = ['launcher', 'jar', 'javaHome', 'javaVersion', 'version', 'source', 'cdsDir']

    /**
     * The Map the step returns, or [error: one line] when the agent said what to do (or, a
     * library bug, said nothing usable).
     */
    @NonCPS
    static Map fromAnswer(String stdout, String nodeName) {
        Map answer = new HashMap()
        for (String line : (stdout == null ? '' : stdout).split('\n')) {
            int eq = line.indexOf('=')
            if (eq > 0) {
                answer.put(line.substring(0, eq), line.substring(eq + 1))
            }
        }
        if (answer.error != null) {
            return [error: answer.error.toString()] as HashMap
        }
        for (String key : ANSWER_KEYS) {
            if (answer.get(key) == null) {
                return [error: "inventivEngine: the agent-side script gave no ${key} (output: ${stdout?.trim()}); a library bug: report it".toString()] as HashMap
            }
        }
        Map result = new HashMap()
        for (String key : ANSWER_KEYS) {
            result.put(key, answer.get(key).toString())
        }
        result.put('node', nodeName == null ? '' : nodeName)
        result.put('env', envOf(result))
        return result
    }

    /**
     * The resolution an enclosing {@code inventivEngine {}} block made, when this call may reuse
     * it: no arguments of its own, and the same node (a block's variables also reach a
     * {@code node} nested inside it, where the launcher's path means nothing). Null otherwise.
     */
    @NonCPS
    static Map enclosing(Map args, Map<String, String> env, String nodeName) {
        if ((args != null && !args.isEmpty()) || env.INVENTIV_ENGINE == null || env.INVENTIV_ENGINE_NODE == null
                || env.INVENTIV_ENGINE_NODE != (nodeName == null ? '' : nodeName)) {
            return null
        }
        Map result = new HashMap()
        result.put('launcher', env.INVENTIV_ENGINE)
        result.put('jar', env.INVENTIV_ENGINE_JAR ?: '')
        result.put('javaHome', env.INVENTIV_JAVA_HOME ?: '')
        result.put('javaVersion', env.INVENTIV_JAVA_VERSION ?: '')
        result.put('cdsDir', env.INVENTIV_CDS_DIR ?: '')
        result.put('version', env.INVENTIV_ENGINE_VERSION ?: '')
        result.put('node', env.INVENTIV_ENGINE_NODE)
        result.put('source', 'enclosing')
        result.put('env', envOf(result))
        return result
    }

    @NonCPS
    private static List envOf(Map r) {
        List env = new ArrayList()
        env.add('INVENTIV_ENGINE=' + r.launcher)
        env.add('INVENTIV_ENGINE_JAR=' + r.jar)
        env.add('INVENTIV_JAVA_HOME=' + r.javaHome)
        env.add('INVENTIV_JAVA_VERSION=' + r.javaVersion)
        env.add('INVENTIV_CDS_DIR=' + r.cdsDir)
        env.add('INVENTIV_ENGINE_VERSION=' + r.version)
        env.add('INVENTIV_ENGINE_NODE=' + r.node)
        return env
    }
}
