package io.inventiv.pipeline.jenkinstest.steps

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.jenkinstest.harness.ScriptedEngine
import io.inventiv.pipeline.jenkinstest.harness.TestKeys
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.Test

/**
 * Each step's main path and failures where the engine's answer must be chosen: the command line
 * the engine gets, the credentials bound (and only those), INVENTIV_SECRET_VARS, and secrets
 * reaching neither echo, error, the log nor the returned Map.
 */
class StepsOverAScriptedEngineTest extends PipelineTestBase {
    static final String DIGEST = 'sha256:' + 'b' * 64
    static final String IMAGES_JSON = '{"images":[{"name":"api","image":"ghcr.io/o/app-api","digest":"' + DIGEST +
            '","tags":["0123456789ab"],"platforms":["linux/arm64"]}],"builder":"buildx","skipped":false}'
    static final String VARIABLES = '"variables":[{"name":"STG_REMOTE_HOST","kind":"setting","required":true},' +
            '{"name":"STG_POSTGRES_PASSWORD","kind":"secret","required":true},' +
            '{"name":"STG_JWT_SECRET","kind":"secret","required":true},{"name":"STG_SSH_PRIVATE_KEY","kind":"ssh-key","required":true}]'
    static final String DEPLOY_JSON = '{"environment":"staging","kind":"deploy","releaseId":"886d78c1f29facf4","result":"ok",' +
            '"exitCode":0,"services":{"api":"ghcr.io/o/app-api@' + DIGEST + '"},"hosts":[{"host":"vm1","user":"ubuntu",' +
            '"exitCode":0,"result":"ok","verified":["api ghcr.io/o/app-api@' + DIGEST + '"],"warnings":[],"errors":[]}],"skippedHosts":[]}'

    @Test
    void buildxBuildBindsThePushTokenAndBuildKitSecretsAndPassesOnlyTheirNames() {
        credentials.usernamePassword('ghcr-push', 'inventiv-bot', 'ghp_pushTokenValue123')
        credentials.secretText('npm-token', 'npm_secretValue456')
        ScriptedEngine engine = scriptedEngine(IMAGES_JSON, 0)
        Map built = (Map) runPipeline('''
node {
  buildxBuild(images: 'images.yaml', push: true, skipExisting: true, registryCredentialsId: 'ghcr-push',
              secrets: [npmrc: 'npm-token'], buildArgs: [NODE_VERSION: '20'], platforms: ['linux/arm64'])
}
''')
        assert built.images[0].digest == DIGEST
        assert engine.argv() == ['build', '--images', 'images.yaml', '--platform', 'linux/arm64', '--push', '--skip-existing',
                                 '--build-arg', 'NODE_VERSION=20', '--secret', 'npmrc=INVENTIV_BUILD_SECRET_NPMRC', '--json']
        Map env = engine.env()
        assert env.REGISTRY_USERNAME == 'inventiv-bot'
        assert env.REGISTRY_PASSWORD == 'ghp_pushTokenValue123'
        assert env.INVENTIV_BUILD_SECRET_NPMRC == 'npm_secretValue456'
        assert env.INVENTIV_SECRET_VARS.split(',') as Set == ['REGISTRY_PASSWORD', 'INVENTIV_BUILD_SECRET_NPMRC'] as Set
        assertNoSecretLeaked(built)
    }

    @Test
    void buildxBuildPassesTheBuildxDriverAndRefusesOneTheEngineDoesNotKnowBeforeRunningIt() {
        ScriptedEngine engine = scriptedEngine(IMAGES_JSON, 0)
        runPipeline('''
node { buildxBuild(images: 'images.yaml', push: true, buildxDriver: 'docker') }
''')
        assert engine.argv() == ['build', '--images', 'images.yaml', '--push', '--buildx-driver', 'docker', '--json']

        Throwable e = runPipelineExpectingFailure('''
node { buildxBuild(images: 'images.yaml', push: true, buildxDriver: 'kubernetes') }
''')
        assert e.message == "buildxBuild: argument 'buildxDriver' must be one of auto, docker-container, docker, not 'kubernetes'"
        assert engine.calls() == 1: 'the engine never ran for the bad value'
    }

    @Test
    void ghcrPushPushesASingleImageWithTheRenamedFlags() {
        credentials.usernamePassword('ghcr-push', 'inventiv-bot', 'ghp_pushTokenValue123')
        ScriptedEngine engine = scriptedEngine(IMAGES_JSON, 0)
        Map pushed = (Map) runPipeline('''
node { ghcrPush(repository: 'ghcr.io/o/app', dockerfile: 'docker/Dockerfile', extraTags: ['latest'], registryCredentialsId: 'ghcr-push') }
''')
        assert pushed.images[0].platforms == ['linux/arm64']
        assert engine.argv() == ['push', '--repository', 'ghcr.io/o/app', '--dockerfile', 'docker/Dockerfile',
                                 '--extra-tag', 'latest', '--json']
        assertNoSecretLeaked(pushed)
    }

    @Test
    void promoteByDigestPromotesAReleaseSetWithItsPlan() {
        ScriptedEngine engine = scriptedEngine('{"tag":"staging","images":[]}', 0)
        runPipeline('''
node { promoteByDigest(source: ['r/a@sha256:1', 'r/b@sha256:2'], tag: 'staging', requirePlatforms: ['linux/arm64'], plan: true) }
''')
        assert engine.argv() == ['promote', '--source', 'r/a@sha256:1', '--source', 'r/b@sha256:2', '--tag', 'staging',
                                 '--require-platform', 'linux/arm64', '--plan', '--json']
        assert engine.env().INVENTIV_SECRET_VARS == ''
    }

    @Test
    void remoteUpdateValidatesThenDeploysWithOnlyTheProfilesSecretsAndThePullCredential() {
        credentials.sshUserPrivateKey('staging-ssh', 'ubuntu', TestKeys.privateKey())
        credentials.usernamePassword('ghcr-pull', 'inventiv-bot', 'ghp_pullOnlyToken789')
        credentials.secretText('stg-postgres-password', 'pg-s3cret-value')
        credentials.secretText('jwt-override', 'jwt-s3cret-value')
        credentials.secretText('unrelated-secret', 'never-bound-value')
        ScriptedEngine engine = scriptedEngine([
                'validate-env': ['{"profile":"staging","ok":true,"missing":[],"invalid":[],' + VARIABLES + '}', 0],
                'deploy'      : [DEPLOY_JSON, 0]])
        Map deployed = (Map) runPipeline('''
node {
  remoteUpdate(profile: 'staging', sshCredentialsId: 'staging-ssh', pullCredentialsId: 'ghcr-pull',
               secretCredentials: [STG_JWT_SECRET: 'jwt-override'], settings: [STG_REMOTE_HOST: '10.0.0.5'],
               images: [api: 'ghcr.io/o/app-api@sha256:bbbb'], build: 'app-main-7')
}
''')
        assert deployed.result == 'ok'
        assert deployed.hosts[0].verified == ['api ghcr.io/o/app-api@' + DIGEST]
        assert engine.calls() == 3
        assert engine.argv(0) == ['validate-env', '--profile', 'staging', '--json']
        assert engine.argv(1)[0] == 'validate-env'
        assert engine.argv(2) == ['deploy', '--profile', 'staging', '--connect-timeout', '15s',
                                  '--image', 'api=ghcr.io/o/app-api@sha256:bbbb', '--build', 'app-main-7', '--json']
        Map first = engine.env(0)
        assert !first.containsKey('STG_POSTGRES_PASSWORD') && !first.containsKey('REGISTRY_PASSWORD')
        Map env = engine.env(2)
        assert env.STG_POSTGRES_PASSWORD == 'pg-s3cret-value'
        assert env.STG_JWT_SECRET == 'jwt-s3cret-value'
        assert env.REGISTRY_PASSWORD == 'ghp_pullOnlyToken789'
        assert env.STG_REMOTE_HOST == '10.0.0.5'
        assert env.SSH_AUTH_SOCK
        assert !env.values().contains('never-bound-value')
        assert env.INVENTIV_SECRET_VARS.split(',') as Set == ['REGISTRY_PASSWORD', 'STG_JWT_SECRET', 'STG_POSTGRES_PASSWORD'] as Set
        assertNoSecretLeaked(deployed)
    }

    @Test
    void remoteUpdateSaysTheLockIsHeldOnExit3() {
        credentials.sshUserPrivateKey('staging-ssh', 'ubuntu', TestKeys.privateKey())
        credentials.secretText('stg-postgres-password', 'pg-s3cret-value')
        credentials.secretText('stg-jwt-secret', 'jwt-s3cret-value')
        scriptedEngine([
                'validate-env': ['{"profile":"staging","ok":true,"missing":[],"invalid":[],' + VARIABLES + '}', 0],
                'deploy'      : ['{"error":"vm1: lock held by app-main-6 since 12:01:07","exitCode":3}', 3]])
        Throwable e = runPipelineExpectingFailure('''
node { remoteUpdate(profile: 'staging', sshCredentialsId: 'staging-ssh', release: 'release.json') }
''')
        assert e.message == 'remoteUpdate: deploy failed: the deploy lock is held by another deploy (exit 3); wait for it ' +
                'or see remoteStatus: vm1: lock held by app-main-6 since 12:01:07'
        assertNoSecretLeaked()
    }

    @Test
    void remoteUpdateStopsAtAMissingSecretCredentialBeforeDeploying() {
        credentials.sshUserPrivateKey('staging-ssh', 'ubuntu', TestKeys.privateKey())
        ScriptedEngine engine = scriptedEngine([
                'validate-env': ['{"profile":"staging","ok":false,"missing":["STG_POSTGRES_PASSWORD"],"invalid":[],' + VARIABLES + '}', 2],
                'deploy'      : [DEPLOY_JSON, 0]])
        Throwable e = runPipelineExpectingFailure('''
node { remoteUpdate(profile: 'staging', sshCredentialsId: 'staging-ssh', release: 'release.json') }
''')
        assert e.message == "Could not find credentials entry with ID 'stg-jwt-secret'" ||
                e.message == "Could not find credentials entry with ID 'stg-postgres-password'"
        assert engine.calls() == 1
    }

    @Test
    void remoteRollbackAndRemoteLogsPassTheirOptions() {
        credentials.sshUserPrivateKey('prod-ssh', 'ubuntu', TestKeys.privateKey())
        credentials.secretText('stg-postgres-password', 'pg-s3cret-value')
        credentials.secretText('stg-jwt-secret', 'jwt-s3cret-value')
        ScriptedEngine engine = scriptedEngine([
                'validate-env': ['{"profile":"production","ok":true,"missing":[],"invalid":[],' + VARIABLES + '}', 0],
                'rollback'    : [DEPLOY_JSON, 0],
                'logs'        : ['{"environment":"production","hosts":[{"host":"vm1","lines":["started"]}]}', 0]])
        Map result = (Map) runPipeline('''
node {
  Map rolled = remoteRollback(profile: 'production', sshCredentialsId: 'prod-ssh', sshVia: 'identityFile', to: 'sha256:abc', lockWait: '5m')
  Map logs = remoteLogs(profile: 'production', sshCredentialsId: 'prod-ssh', service: 'api', tail: 50)
  [rolled: rolled, logs: logs]
}
''')
        List<String> rollback = engine.argv(2)
        assert rollback[0..6] == ['rollback', '--profile', 'production', '--connect-timeout', '15s', '--to', 'sha256:abc']
        assert rollback.containsAll(['--lock-wait', '5m', '--identity-file'])
        assert engine.argv(3) == ['logs', '--profile', 'production', '--connect-timeout', '15s', '--service', 'api',
                                  '--tail', '50', '--json']
        assert result.logs.hosts[0].lines == ['started']
        assertNoSecretLeaked(result)
    }

    @Test
    void anAbortWhileValidateSecretsProbesCredentialsPassesThrough() {
        credentials.abortOnLookup.add('stg-jwt-secret')
        scriptedEngine(['validate-env': ['{"profile":"staging","ok":false,"missing":[],"invalid":[],' + VARIABLES + '}', 2]])
        Throwable e = runPipelineExpectingFailure("node { validateSecrets(profile: 'staging', failOnMissing: false) }")
        assert e instanceof FlowInterruptedException
    }

    @Test
    void validateSecretsListsEveryMissingIdWithTheOverrides() {
        credentials.secretText('stg-postgres-password', 'pg-s3cret-value')
        scriptedEngine(['validate-env': ['{"profile":"staging","ok":false,"missing":["STG_REMOTE_HOST","STG_JWT_SECRET"],' +
                                                 '"invalid":[{"name":"STG_REMOTE_PORT","problem":"not a port number 1-65535"}],' + VARIABLES + '}', 2]])
        Throwable e = runPipelineExpectingFailure('''
node { validateSecrets(profile: 'staging', sshCredentialsId: 'stg-ssh', secretCredentials: [STG_JWT_SECRET: 'jwt']) }
''')
        assert e.message == 'validateSecrets: staging: create the credentials jwt, stg-ssh; missing STG_REMOTE_HOST, ' +
                'STG_JWT_SECRET; invalid STG_REMOTE_PORT (not a port number 1-65535)'
        assertNoSecretLeaked()
    }

    @Test
    void theGatesResultNamesTheImageEachCheckRanIn() {
        scriptedEngine('{"checks":[{"name":"unit","status":"passed","durationMs":12,"exitCode":0,"reason":null,' +
                '"image":"rust:1.82"},{"name":"keys","status":"passed","durationMs":3,"exitCode":0,"reason":null,' +
                '"image":null}],"passed":true,"junit":"inventiv-gate.xml"}', 0)
        agent.workspace.resolve('inventiv-gate.xml').text = '<testsuite/>'
        Map gate = (Map) runPipeline("node { ciGate(gateFile: 'gate.yaml') }")
        assert gate.checks*.image == ['rust:1.82', null]
    }

    @Test
    void theGatesSecretCredentialsAreBoundOnlyAroundTheEngineAndNamedAsSecretsForItsMasking() {
        credentials.secretText('npm-token', 'npm-s3cret-token')
        credentials.secretText('unrelated-secret', 'never-bound-value')
        ScriptedEngine engine = scriptedEngine('{"checks":[{"name":"npm-ci","status":"passed","durationMs":12,"exitCode":0,' +
                '"reason":null,"image":"node:20"}],"passed":true,"junit":"inventiv-gate.xml"}', 0)
        agent.workspace.resolve('inventiv-gate.xml').text = '<testsuite/>'

        Map gate = (Map) runPipeline("node { ciGate(gateFile: 'gate.yaml', secretCredentials: [NPM_TOKEN: 'npm-token']) }")

        assert gate.passed
        Map env = engine.env(0)
        assert env.NPM_TOKEN == 'npm-s3cret-token'
        assert env.INVENTIV_SECRET_VARS.split(',') as Set == ['NPM_TOKEN'] as Set
        assert !env.values().contains('never-bound-value')
        assert engine.argv() == ['gate', '--gate-file', 'gate.yaml', '--junit', 'inventiv-gate.xml', '--suite', 'gate',
                                 '--json']
    }

    @Test
    void secretsAnOuterStepNamedStayNamedWhenTheGateAddsItsOwn() {
        credentials.secretText('npm-token', 'npm-s3cret-token')
        ScriptedEngine engine = scriptedEngine('{"checks":[],"passed":true,"junit":"inventiv-gate.xml"}', 0)
        agent.workspace.resolve('inventiv-gate.xml').text = '<testsuite/>'

        runPipeline("node { withEnv(['INVENTIV_SECRET_VARS=OUTER_TOKEN,NPM_TOKEN']) { " +
                "ciGate(gateFile: 'gate.yaml', secretCredentials: [NPM_TOKEN: 'npm-token']) } }")

        assert engine.env(0).INVENTIV_SECRET_VARS == 'OUTER_TOKEN,NPM_TOKEN'
    }

    @Test
    void aFailedCheckInTheGateStillPublishesJunitThenFails() {
        ScriptedEngine engine = scriptedEngine('{"checks":[{"name":"unit","status":"failed","durationMs":12,"exitCode":1,' +
                '"reason":null}],"passed":false,"junit":"inventiv-gate.xml"}', 1)
        agent.workspace.resolve('inventiv-gate.xml').text = '<testsuite/>'
        Throwable e = runPipelineExpectingFailure("node { ciGate(gateFile: 'gate.yaml', parallel: 2, failFast: true) }")
        assert e.message == 'ciGate: 1 of 1 checks failed: unit (failed)'
        assert junitCalls == [[testResults: 'inventiv-gate.xml', allowEmptyResults: true]]
        assert engine.argv() == ['gate', '--gate-file', 'gate.yaml', '--parallel', '2', '--fail-fast', '--junit',
                                 'inventiv-gate.xml', '--suite', 'gate', '--json']
    }
}
