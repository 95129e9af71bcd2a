package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Every step's named arguments in one place: type, default, example, required. The steps check
 * against these, the tests check each {@code vars/NAME.txt} documents every key listed here.
 */
class StepSpecs implements Serializable {

    /** The engine's {@code build --buildx-driver} values (buildxBuild and inventivPipeline check them up front). */
    static final List<String> BUILDX_DRIVERS = Collections.unmodifiableList(['auto', 'docker-container', 'docker'])

    @NonCPS
    static Map<String, Map> forStep(String step) {
        switch (step) {
            case 'inventivEngineCommand': return engineCommand()
            case 'ciGate': return ciGate()
            case 'buildxBuild': return buildxBuild()
            case 'ghcrPush': return ghcrPush()
            case 'promoteByDigest': return promoteByDigest()
            case 'remoteUpdate': return remoteUpdate()
            case 'validateSecrets': return validateSecrets()
            case 'remoteStatus': return remoteStatus()
            case 'inventivEngine': return inventivEngine()
            case 'remoteRollback': return remoteRollback()
            case 'remoteLogs': return remoteLogs()
            case 'inventivPipeline': return PipelineFlow.spec()
            default: return null
        }
    }

    /** One argument of a step's spec (PipelineFlow's spec uses it too). */
    @NonCPS
    static Map key(String type, Object defaultValue, String example, boolean required = false) {
        Map m = new HashMap()
        m.put('type', type)
        m.put('default', defaultValue)
        m.put('example', example)
        m.put('required', required)
        return m
    }

    @NonCPS
    static Map oneOf(Map key, List values) {
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
        spec.put('settings', key('Map', new HashMap(), "[STG_REMOTE_HOST: '10.0.0.5']"))
        spec.put('auditLines', key('Integer', 5, '20'))
        spec.put('returnFailure', key('Boolean', false, 'true'))
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

    @NonCPS
    static Map<String, Map> ciGate() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        spec.put('gateFile', key('String', null, "'gate.yaml'"))
        spec.put('builtin', key('String', null, "'inventiv-agents'"))
        spec.put('checks', key('Map', new HashMap(), "[lint: 'npm run lint']"))
        spec.put('parallel', key('Integer', null, '2'))
        spec.put('failFast', key('Boolean', false, 'true'))
        spec.put('timeout', key('String', null, "'20m'"))
        spec.put('junitFile', key('String', 'inventiv-gate.xml', "'reports/gate.xml'"))
        spec.put('suite', key('String', 'gate', "'ci'"))
        spec.put('secretCredentials', key('Map', new HashMap(), "[NPM_TOKEN: 'npm-token']"))
        engineKey(spec)
        return spec
    }

    /** What names the images of a build or push: an image set file, or one repository. */
    @NonCPS
    private static void imageKeys(Map<String, Map> spec) {
        spec.put('images', key('String', null, "'images.yaml'"))
        spec.put('repositoryPrefix', key('String', null, "'ghcr.io/inventiv/app'"))
        spec.put('repository', key('String', null, "'ghcr.io/inventiv/app'"))
        spec.put('name', key('String', null, "'app'"))
        spec.put('platforms', key('List', null, "['linux/arm64', 'linux/amd64']"))
        spec.put('extraTags', key('List', new ArrayList(), "['latest']"))
        spec.put('commit', key('String', null, "env.GIT_COMMIT"))
        spec.put('sourceDir', key('String', null, "'app'"))
        spec.put('allowDirty', key('Boolean', false, 'true'))
        spec.put('insecureRegistries', key('List', new ArrayList(), "['registry.local:5000']"))
        spec.put('registryCredentialsId', key('String', null, "'ghcr-push'"))
        engineKey(spec)
    }

    @NonCPS
    static Map<String, Map> buildxBuild() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        imageKeys(spec)
        spec.put('context', key('String', null, "'.'"))
        spec.put('dockerfile', key('String', null, "'docker/Dockerfile'"))
        spec.put('target', key('String', null, "'runtime'"))
        spec.put('push', key('Boolean', false, 'true'))
        spec.put('skipExisting', key('Boolean', false, 'true'))
        spec.put('buildArgs', key('Map', new HashMap(), "[NODE_VERSION: '20']"))
        spec.put('secrets', key('Map', new HashMap(), "[npmrc: 'npm-token']"))
        spec.put('labels', key('Map', new HashMap(), "['org.opencontainers.image.vendor': 'inventiv']"))
        spec.put('network', key('String', null, "'host'"))
        spec.put('buildxDriver', oneOf(key('String', null, "'docker'"), BUILDX_DRIVERS))
        return spec
    }

    @NonCPS
    static Map<String, Map> ghcrPush() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        imageKeys(spec)
        spec.put('context', key('String', null, "'.'"))
        spec.put('dockerfile', key('String', null, "'docker/Dockerfile'"))
        spec.put('target', key('String', null, "'runtime'"))
        return spec
    }

    @NonCPS
    static Map<String, Map> promoteByDigest() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        spec.put('source', key('String or List', null, "'ghcr.io/inventiv/app-api@sha256:…'", true))
        spec.put('tag', key('String', null, "'staging'", true))
        spec.put('targetRepo', key('String', null, "'ghcr.io/inventiv/app-api-prod'"))
        spec.put('requirePlatforms', key('List', new ArrayList(), "['linux/arm64']"))
        spec.put('plan', key('Boolean', false, 'true'))
        spec.put('timeout', key('String', null, "'2m'"))
        spec.put('insecureRegistries', key('List', new ArrayList(), "['registry.local:5000']"))
        spec.put('registryCredentialsId', key('String', null, "'ghcr-push'"))
        engineKey(spec)
        return spec
    }

    /** Profile variables: secrets from credentials, settings from arguments. */
    @NonCPS
    private static void variableKeys(Map<String, Map> spec) {
        spec.put('secretCredentials', key('Map', new HashMap(), "[STG_POSTGRES_PASSWORD: 'staging-db-password']"))
        spec.put('settings', key('Map', new HashMap(), "[STG_REMOTE_HOST: '10.0.0.5']"))
        spec.put('pullCredentialsId', key('String', null, "'ghcr-pull'"))
    }

    @NonCPS
    static Map<String, Map> remoteUpdate() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        remoteKeys(spec)
        variableKeys(spec)
        spec.put('release', key('String', null, "'release.json'"))
        spec.put('images', key('Map', new HashMap(), "[api: 'ghcr.io/inventiv/app-api@sha256:…']"))
        spec.put('digests', key('Map', new HashMap(), "[api: 'sha256:…']"))
        spec.put('plan', key('Boolean', false, 'true'))
        spec.put('lockWait', key('String', null, "'10m'"))
        spec.put('build', key('String', null, "env.BUILD_TAG"))
        spec.put('returnFailure', key('Boolean', false, 'true'))
        return spec
    }

    @NonCPS
    static Map<String, Map> validateSecrets() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        spec.put('profile', key('String', null, "'deploy/staging.yaml'", true))
        spec.put('sshCredentialsId', key('String', null, "'staging-ssh'"))
        spec.put('knownHostsCredentialsId', key('String', null, "'staging-known-hosts'"))
        spec.put('registryCredentialsId', key('String', null, "'ghcr-push'"))
        spec.put('owner', key('String', null, "'inventiv'"))
        variableKeys(spec)
        spec.put('failOnMissing', key('Boolean', true, 'false'))
        engineKey(spec)
        return spec
    }

    @NonCPS
    static Map<String, Map> remoteRollback() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        remoteKeys(spec)
        variableKeys(spec)
        spec.put('to', key('String', null, "'sha256:…'"))
        spec.put('plan', key('Boolean', false, 'true'))
        spec.put('lockWait', key('String', null, "'10m'"))
        spec.put('build', key('String', null, "env.BUILD_TAG"))
        return spec
    }

    @NonCPS
    static Map<String, Map> remoteLogs() {
        Map<String, Map> spec = new LinkedHashMap<String, Map>()
        remoteKeys(spec)
        spec.put('settings', key('Map', new HashMap(), "[STG_REMOTE_HOST: '10.0.0.5']"))
        spec.put('service', key('String', null, "'api'", true))
        spec.put('tail', key('Integer', 100, '500'))
        return spec
    }
}
