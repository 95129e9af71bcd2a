package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Engine command lines as data: a step's checked arguments become the argv list the engine gets.
 * The list reaches the shell through the environment, one argument per line (StepArguments
 * refuses line breaks in values), so no value is ever part of a shell script.
 */
class EngineArgv implements Serializable {

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

    @NonCPS
    static void flag(List<String> argv, String flag, Object on) {
        if (on == true) {
            argv.add(flag)
        }
    }

    /** The flag once per item of a List (or the one String). */
    @NonCPS
    static void addEach(List<String> argv, String flag, Object values) {
        if (values instanceof List) {
            for (Object v : (List) values) {
                add(argv, flag, v)
            }
        } else {
            add(argv, flag, values)
        }
    }

    /** The flag once per entry, as KEY=VALUE, in key order (stable command lines). */
    @NonCPS
    static void addPairs(List<String> argv, String flag, Map pairs) {
        if (pairs == null) {
            return
        }
        List<String> keys = new ArrayList<String>()
        for (Object k : pairs.keySet()) {
            keys.add(k.toString())
        }
        Collections.sort(keys)
        for (String k : keys) {
            add(argv, flag, k + '=' + pairs.get(k))
        }
    }

    @NonCPS
    static List<String> gate(Map a) {
        List<String> argv = new ArrayList<String>()
        add(argv, '--gate-file', a.gateFile)
        add(argv, '--builtin', a.builtin)
        addPairs(argv, '--check', (Map) a.checks)
        add(argv, '--parallel', a.parallel)
        flag(argv, '--fail-fast', a.failFast)
        add(argv, '--timeout', a.timeout)
        add(argv, '--junit', a.junitFile)
        add(argv, '--suite', a.suite)
        return argv
    }

    /** The image options build and push share. */
    @NonCPS
    static List<String> images(Map a) {
        List<String> argv = new ArrayList<String>()
        add(argv, '--images', a.images)
        add(argv, '--repository-prefix', a.repositoryPrefix)
        add(argv, '--repository', a.repository)
        add(argv, '--name', a.name)
        add(argv, '--context', a.context)
        add(argv, '--dockerfile', a.dockerfile)
        add(argv, '--target', a.target)
        addEach(argv, '--platform', a.platforms)
        addEach(argv, '--extra-tag', a.extraTags)
        add(argv, '--commit', a.commit)
        add(argv, '--source-dir', a.sourceDir)
        flag(argv, '--allow-dirty', a.allowDirty)
        addEach(argv, '--insecure-registry', a.insecureRegistries)
        return argv
    }

    /** build's own options; {@code secretVars} maps each BuildKit secret id to the variable holding it. */
    @NonCPS
    static List<String> build(Map a, Map secretVars) {
        List<String> argv = images(a)
        flag(argv, '--push', a.push)
        flag(argv, '--skip-existing', a.skipExisting)
        addPairs(argv, '--build-arg', (Map) a.buildArgs)
        addPairs(argv, '--secret', secretVars)
        addPairs(argv, '--label', (Map) a.labels)
        add(argv, '--network', a.network)
        add(argv, '--buildx-driver', a.buildxDriver)
        return argv
    }

    /** The variable a BuildKit secret's credential is bound to. */
    @NonCPS
    static String buildSecretVariable(String id) {
        return 'INVENTIV_BUILD_SECRET_' + id.toUpperCase(Locale.ROOT).replaceAll('[^A-Z0-9]', '_')
    }

    @NonCPS
    static List<String> promote(Map a) {
        List<String> argv = new ArrayList<String>()
        addEach(argv, '--source', a.source)
        add(argv, '--tag', a.tag)
        add(argv, '--target-repo', a.targetRepo)
        addEach(argv, '--require-platform', a.requirePlatforms)
        flag(argv, '--plan', a.plan)
        add(argv, '--timeout', a.timeout)
        addEach(argv, '--insecure-registry', a.insecureRegistries)
        return argv
    }

    @NonCPS
    static List<String> validateEnv(Map a) {
        List<String> argv = new ArrayList<String>()
        add(argv, '--profile', a.profile)
        add(argv, '--owner', a.owner)
        return argv
    }

    /** deploy and rollback: who holds the lock, how long to wait, whether only to plan. */
    @NonCPS
    private static void lockAndPlan(List<String> argv, Map a) {
        flag(argv, '--plan', a.plan)
        add(argv, '--lock-wait', a.lockWait)
        add(argv, '--build', a.build)
    }

    @NonCPS
    static List<String> deploy(Map a) {
        List<String> argv = remote(a)
        add(argv, '--release', a.release)
        addPairs(argv, '--image', (Map) a.images)
        addPairs(argv, '--digest', (Map) a.digests)
        lockAndPlan(argv, a)
        return argv
    }

    @NonCPS
    static List<String> rollback(Map a) {
        List<String> argv = remote(a)
        add(argv, '--to', a.to)
        lockAndPlan(argv, a)
        return argv
    }

    @NonCPS
    static List<String> logs(Map a) {
        List<String> argv = remote(a)
        add(argv, '--service', a.service)
        add(argv, '--tail', a.tail)
        return argv
    }
}
