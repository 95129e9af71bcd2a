package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Every step's named arguments in one place: type, default, example, required. The steps check
 * against these, the tests check each {@code vars/NAME.txt} documents every key listed here.
 */
class StepSpecs {

    @NonCPS
    static Map<String, Map> forStep(String step) {
        switch (step) {
            case 'inventivEngineCommand': return engineCommand()
            case 'remoteStatus': return remoteStatus()
            case 'inventivEngine': return inventivEngine()
            default: return null
        }
    }

    @NonCPS
    private static Map key(String type, Object defaultValue, String example, boolean required = false) {
        Map m = new HashMap()
        m.put('type', type)
        m.put('default', defaultValue)
        m.put('example', example)
        m.put('required', required)
        return m
    }

    @NonCPS
    private static Map oneOf(Map key, List values) {
        key.put('oneOf', values)
        return key
    }

    /** How the engine runs on the agent: passed to {@code inventivEngine}. */
    @NonCPS
    private static void engineKey(Map<String, Map> spec) {
        spec.put('engine', key('Map', new HashMap(), "[jdk: 'jdk17']"))
    }

    /** Where a remote command connects and how it authenticates (status, logs, rollback, deploy). */
    @NonCPS
    private static void remoteKeys(Map<String, Map> spec) {
        spec.put('profile', key('String', null, "'deploy/staging.yaml'", true))
        spec.put('sshCredentialsId', key('String', null, "'staging-ssh'", true))
        spec.put('sshVia', oneOf(key('String', 'agent', "'identityFile'"), ['agent', 'identityFile']))
        spec.put('knownHostsCredentialsId', key('String', null, "'staging-known-hosts'"))
        spec.put('owner', key('String', null, "'inventiv'"))
        spec.put('user', key('String', null, "'deploy'"))
        spec.put('connectTimeout', key('String', '15s', "'30s'"))
        engineKey(spec)
    }

    @NonCPS
    static Map<String, Map> engineCommand() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        spec.put('command', key('String', null, "'check-versions'", true))
        spec.put('label', key('String', 'inventivEngineCommand', "'checkVersions'"))
        spec.put('args', key('List', new ArrayList(), "['--source-dir', 'app']"))
        spec.put('registryCredentialsId', key('String', null, "'ghcr-push'"))
        spec.put('sshCredentialsId', key('String', null, "'staging-ssh'"))
        spec.put('sshVia', oneOf(key('String', 'agent', "'identityFile'"), ['agent', 'identityFile']))
        spec.put('knownHostsCredentialsId', key('String', null, "'staging-known-hosts'"))
        spec.put('secretCredentials', key('Map', new HashMap(), "[STG_POSTGRES_PASSWORD: 'stg-postgres-password']"))
        spec.put('env', key('List', new ArrayList(), "['GITHUB_OWNER=inventiv']"))
        spec.put('returnFailure', key('Boolean', false, 'true'))
        engineKey(spec)
        return spec
    }

    @NonCPS
    static Map<String, Map> remoteStatus() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        remoteKeys(spec)
        spec.put('auditLines', key('Integer', 5, '20'))
        return spec
    }

    /** Where the engine comes from on the agent (every other step passes its engine: Map here). */
    @NonCPS
    static Map<String, Map> inventivEngine() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        spec.put('jdk', key('String', null, "'jdk17'"))
        spec.put('url', key('String', null, "'https://mirror.example.com/inventiv-pipeline-{version}.jar'"))
        spec.put('cacheDir', key('String', null, "'/var/cache/inventiv-pipeline'"))
        return spec
    }
}
