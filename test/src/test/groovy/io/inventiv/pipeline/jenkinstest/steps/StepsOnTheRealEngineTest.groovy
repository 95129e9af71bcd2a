package io.inventiv.pipeline.jenkinstest.steps

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.testsupport.OciImages
import io.inventiv.pipeline.testsupport.RegistryServer
import io.inventiv.pipeline.testsupport.SshServer
import org.junit.AfterClass
import org.junit.BeforeClass
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * The steps on the real engine jar, through the real sh (and a real ssh-agent behind sshagent),
 * against the real registry and sshd the engine's own integration tests use: the parsing of the
 * engine's JSON is proven on its real output.
 */
class StepsOnTheRealEngineTest extends PipelineTestBase {
    static RegistryServer registry
    static SshServer sshd
    static Path images

    @BeforeClass
    static void startServices() {
        registry = RegistryServer.start()
        sshd = SshServer.start([:])
        images = Files.createTempDirectory('library-images')
    }

    @AfterClass
    static void stopServices() {
        registry?.close()
        sshd?.close()
        images?.toFile()?.deleteDir()
    }

    @Test
    void promoteByDigestMovesTheTagToTheExactDigestAndDigestReadsItBack() {
        Path layout = OciImages.index(images.resolve('promote'), 1, 'linux/arm64', 'linux/amd64')
        String digest = OciImages.topDigest(layout)
        OciImages.push(layout, "${registry.host()}/app-api:0123456789ab")
        binding.setVariable('source', "${registry.host()}/app-api@${digest}".toString())
        binding.setVariable('staging', "${registry.host()}/app-api:staging".toString())
        Map result = (Map) runPipeline('''
node {
  Map promoted = promoteByDigest(source: source, tag: 'staging', requirePlatforms: ['linux/arm64'])
  Map resolved = inventivEngineCommand(label: 'digest', command: 'digest', args: [staging])
  [promoted: promoted, resolved: resolved]
}
''')
        assert result.resolved.digest == digest
        assert result.promoted.toString().contains(digest)
        assert agent.console.toString().contains('promote')
    }

    @Test
    void promoteByDigestOfAMissingDigestFailsWithTheEnginesLine() {
        binding.setVariable('source', "${registry.host()}/nothing-here@sha256:${'0' * 64}".toString())
        Throwable e = runPipelineExpectingFailure("node { promoteByDigest(source: source, tag: 'staging') }")
        assert e.message.startsWith('promoteByDigest: promote failed (exit ')
        assert e.message.contains('nothing-here')
        assert !e.message.contains('\n')
    }

    @Test
    void remoteStatusReachesTheHostThroughARealSshAgentAndFailsWhenItHasNoDocker() {
        Path workspace = agent.workspace
        Files.writeString(workspace.resolve('staging.yaml'), profile())
        credentials.sshUserPrivateKey('staging-ssh', 'root', Files.readString(sshd.clientKey()))
        binding.setVariable('port', String.valueOf(sshd.port()))
        // This sshd's sessions reach no docker daemon: status reports the host and exits 1 (it gates a deploy).
        Map report = (Map) runPipeline('''
node {
  inventivEngineCommand(command: 'status', args: ['--profile', 'staging.yaml', '--audit-lines', '2'],
                        env: ['APP_HOST=127.0.0.1', "APP_PORT=${port}".toString()],
                        sshCredentialsId: 'staging-ssh', returnFailure: true)
}
''')
        assert report.exitCode == 1
        assert report.hosts.size() == 1
        assert report.hosts[0].host == '127.0.0.1'
        assert report.hosts[0].user == 'root'
        assert report.hosts[0].docker != 'ok'
        Throwable e = runPipelineExpectingFailure('''
node {
  remoteStatus(profile: 'staging.yaml', sshCredentialsId: 'staging-ssh', settings: [APP_HOST: '127.0.0.1', APP_PORT: port])
}
''')
        // status' report carries the engine's own line (its error field) since --json failures print it.
        assert e.message.startsWith('remoteStatus: status failed (exit 1): root@127.0.0.1: docker unreachable')
        assert !e.message.contains('\n')
        assert agent.console.toString().contains('status: docker on root@127.0.0.1')
        assert sshd.handshakes() >= 2
        assertNoSecretLeaked(report)
    }

    @Test
    void validateSecretsReportsEveryMissingCredentialAndSettingAtOnce() {
        Files.writeString(agent.workspace.resolve('staging.yaml'), profile())
        credentials.secretText('app-db-password', 'db-s3cret-value')
        Map result = (Map) runPipeline('''
node {
  validateSecrets(profile: 'staging.yaml', sshCredentialsId: 'staging-ssh', pullCredentialsId: 'ghcr-pull',
                  failOnMissing: false)
}
''')
        assert result.ok == false
        assert result.missingCredentials == ['app-api-token', 'staging-ssh', 'ghcr-pull']
        assert result.missing.containsAll(['APP_HOST', 'APP_PORT', 'APP_API_TOKEN'])
        assert !result.missing.contains('APP_DB_PASSWORD')
        assert result.variables.find { it.name == 'APP_DB_PASSWORD' }.kind == 'secret'
        assertNoSecretLeaked(result)

        Throwable e = runPipelineExpectingFailure('''
node { validateSecrets(profile: 'staging.yaml', sshCredentialsId: 'staging-ssh', pullCredentialsId: 'ghcr-pull') }
''')
        assert e.message.startsWith('validateSecrets: ')
        assert e.message.contains('create the credentials app-api-token, staging-ssh, ghcr-pull')
        assert e.message.contains('APP_HOST') && e.message.contains('APP_PORT')
        assertNoSecretLeaked()
    }

    @Test
    void ciGatePublishesTheJunitReportAlsoWhenACheckFailed() {
        Map passed = (Map) runPipeline("node { ciGate(checks: [fine: 'true', also: 'echo ok']) }")
        assert passed.passed == true
        assert passed.checks*.name.sort() == ['also', 'fine']
        assert passed.checks.every { it.status == 'passed' && it.durationMs instanceof Number }
        assert junitCalls.size() == 1

        Throwable e = runPipelineExpectingFailure("node { ciGate(checks: [fine: 'true', broken: 'exit 3']) }")
        assert junitCalls.size() == 2
        assert e.message.startsWith('ciGate: 1 of 2 checks failed: broken (failed')
        assert Files.readString(agent.workspace.resolve('inventiv-gate.xml')).contains('broken')
    }

    @Test
    void theDeployFamilyCarriesTheEnginesOwnLineFromAHostWithoutDocker() {
        Files.writeString(agent.workspace.resolve('staging.yaml'), profile())
        credentials.sshUserPrivateKey('staging-ssh', 'root', Files.readString(sshd.clientKey()))
        credentials.secretText('app-db-password', 'db-s3cret-value')
        credentials.secretText('app-api-token', 'api-s3cret-value')
        binding.setVariable('port', String.valueOf(sshd.port()))
        Files.writeString(agent.workspace.resolve('release.json'), '{"api":"127.0.0.1:5000/app-api@sha256:' + 'a' * 64 + '"}')
        Map failures = (Map) runPipeline('''
Map failures = [:]
node {
  Map connection = [profile: 'staging.yaml', sshCredentialsId: 'staging-ssh', settings: [APP_HOST: '127.0.0.1', APP_PORT: port]]
  for (step in ['logs', 'rollback', 'update']) {
    try {
      if (step == 'logs') {
        remoteLogs(connection + [service: 'api', tail: 5])
      } else if (step == 'rollback') {
        remoteRollback(connection)
      } else {
        remoteUpdate(connection + [release: 'release.json'])
      }
      failures[step] = 'no failure'
    } catch (e) {
      failures[step] = e.message
    }
  }
}
failures
''')
        assert failures.logs.startsWith('remoteLogs: logs failed (exit ')
        assert failures.rollback.startsWith('remoteRollback: rollback failed (exit ')
        assert failures.update.startsWith('remoteUpdate: deploy failed (exit ')
        failures.values().each { assert !it.contains('\n') }
        assert sshd.handshakes() >= 3
        assertNoSecretLeaked(failures)
    }

    /** A profile whose connection settings come from the job, with two secrets and the SSH key. */
    private String profile() {
        return """name: conn
variables:
  APP_HOST: { kind: setting, format: host }
  APP_PORT: { kind: setting, format: port }
  APP_DB_PASSWORD: { kind: secret, composeKey: DB_PASSWORD }
  APP_API_TOKEN: { kind: secret, composeKey: API_TOKEN }
  APP_SSH_KEY: { kind: ssh-key }
ssh:
  hosts: ["\${APP_HOST}"]
  port: "\${APP_PORT}"
  userCandidates: [root]
  hostKey: "${sshd.hostKeyLine()}"
remote:
  dir: ${Files.createTempDirectory(testDir, 'project')}
  composeFile: docker-compose.yml
release:
  api: { image: "127.0.0.1:5000/app-api", envKey: API_IMAGE }
"""
    }
}
