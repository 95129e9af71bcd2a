package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Engine command lines as data: a step's checked arguments become the argv list the engine gets.
 * The list reaches the shell through the environment, one argument per line (StepArguments
 * refuses line breaks in values), so no value is ever part of a shell script.
 */
class EngineArgv {

    /** The environment variable the steps' constant script splits into the engine's arguments. */
    @NonCPS
    static String toEnv(String command, List<String> args) {
        return 'INVENTIV_ARGS=' + command + '\n' + args.join('\n')
    }

    @NonCPS
    static List<String> remote(Map a) {
        List<String> argv = new ArrayList<String>()
        add(argv, '--profile', a.profile)
        add(argv, '--owner', a.owner)
        add(argv, '--user', a.user)
        add(argv, '--connect-timeout', a.connectTimeout)
        return argv
    }

    @NonCPS
    static List<String> status(Map a) {
        List<String> argv = remote(a)
        add(argv, '--audit-lines', a.auditLines)
        return argv
    }

    @NonCPS
    static void add(List<String> argv, String flag, Object value) {
        if (value != null) {
            argv.add(flag)
            argv.add(value.toString())
        }
    }
}
