package io.inventiv.pipeline.jenkinstest.steps

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.jenkinstest.harness.ScriptedEngine
import io.inventiv.pipeline.jenkinstest.harness.TestKeys
import org.junit.Test

class RemoteStatusTest extends PipelineTestBase {

    static final String STATUS_JSON = '{"environment":"staging","hosts":[{"host":"10.0.0.5","user":"deploy","docker":"ok",' +
            '"compose":"ok","containers":[{"service":"api","state":"running","image":"ghcr.io/o/api@sha256:' + 'a' * 64 + '"}],' +
            '"lock":null,"audit":[]}]}'

    @Test
    void runsStatusWithTheProfileThroughTheSshAgentAndReturnsPlainMaps() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        ScriptedEngine engine = scriptedEngine(STATUS_JSON, 0)
        Map result = (Map) runPipeline('''
node {
  remoteStatus(profile: 'deploy/staging.yaml', sshCredentialsId: 'staging-ssh', auditLines: 3)
}
''')
        assert result.environment == 'staging'
        assert result.hosts[0].containers[0].service == 'api'
        assert result.getClass() == HashMap
        assert engine.argv() == ['status', '--profile', 'deploy/staging.yaml', '--connect-timeout', '15s',
                                 '--audit-lines', '3', '--json']
        assert engine.env().SSH_AUTH_SOCK
        assert engine.env().INVENTIV_SECRET_VARS == ''
    }

    @Test
    void anIdentityFileAndAKnownHostsFileComeFromCredentials() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        credentials.secretFile('staging-known-hosts', 'known_hosts', '[10.0.0.5]:22 ssh-ed25519 AAAA\n')
        ScriptedEngine engine = scriptedEngine(STATUS_JSON, 0)
        runPipeline('''
node {
  remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh', sshVia: 'identityFile',
               knownHostsCredentialsId: 'staging-known-hosts', user: 'deploy')
}
''')
        List<String> argv = engine.argv()
        assert argv[0..6] == ['status', '--profile', 'staging', '--user', 'deploy', '--connect-timeout', '15s']
        assert argv.contains('--identity-file') && argv.contains('--known-hosts')
        assert !engine.env().containsKey('SSH_AUTH_SOCK')
    }

    @Test
    void anUnknownKeyIsNamedWithTheValidKeys() {
        Throwable e = runPipelineExpectingFailure('''
node { remoteStatus(profile: 'staging', sshCredentialsId: 'x', auditLine: 3) }
''')
        assert e.message == "remoteStatus: unknown argument 'auditLine'; valid arguments: auditLines, connectTimeout, " +
                'engine, knownHostsCredentialsId, owner, profile, returnFailure, settings, sshCredentialsId, sshVia, user'
    }

    @Test
    void aWrongTypeNamesTheKeyAndTheType() {
        Throwable e = runPipelineExpectingFailure('''
node { remoteStatus(profile: 'staging', sshCredentialsId: 'x', auditLines: '3') }
''')
        assert e.message == "remoteStatus: argument 'auditLines' must be a Integer, not String; e.g. auditLines: 20"
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        Throwable e = runPipelineExpectingFailure("node { remoteStatus(profile: 'staging') }")
        assert e.message.startsWith("remoteStatus: argument 'sshCredentialsId' (String) is required")
    }

    @Test
    void anEngineFailureBecomesErrorWithTheEnginesLine() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        scriptedEngine('{"error":"ssh 10.0.0.5:22: connection refused","exitCode":1}', 1, 'status: ssh 10.0.0.5:22: connection refused\n')
        Throwable e = runPipelineExpectingFailure("node { remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh') }")
        assert e.message == 'remoteStatus: status failed (exit 1): ssh 10.0.0.5:22: connection refused'
    }

    @Test
    void badInputExit2CarriesTheEnginesLine() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        scriptedEngine('{"error":"--profile: missing STG_REMOTE_HOST; set it","exitCode":2}', 2)
        Throwable e = runPipelineExpectingFailure("node { remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh') }")
        assert e.message == 'remoteStatus: status failed (exit 2): --profile: missing STG_REMOTE_HOST; set it'
    }

    @Test
    void exit3SaysTheLockIsHeld() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        scriptedEngine('{"error":"lock held by build 41 since 10:02","exitCode":3}', 3)
        Throwable e = runPipelineExpectingFailure("node { remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh') }")
        assert e.message.contains('the deploy lock is held by another deploy (exit 3)')
        assert e.message.endsWith('lock held by build 41 since 10:02')
    }

    @Test
    void anEngineThatPrintsNoReportStillFailsWithOneLine() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        scriptedEngine('', 2, 'inventiv-pipeline: engine jar not found\n')
        Throwable e = runPipelineExpectingFailure("node { remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh') }")
        assert e.message == 'remoteStatus: status failed (exit 2): the engine failed without a report (exit 2); see the log above'
        assert agent.console.toString().contains('engine jar not found')
    }

    @Test
    void outsideNodeItFailsAsJenkinsDoes() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        scriptedEngine(STATUS_JSON, 0)
        Throwable e = runPipelineExpectingFailure("remoteStatus(profile: 'staging', sshCredentialsId: 'staging-ssh')")
        assert e.message.contains('Required context class hudson.FilePath is missing')
    }
}
