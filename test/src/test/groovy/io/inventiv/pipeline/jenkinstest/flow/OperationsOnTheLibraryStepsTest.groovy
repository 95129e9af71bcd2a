package io.inventiv.pipeline.jenkinstest.flow

import io.inventiv.pipeline.jenkinstest.harness.ScriptedEngine
import io.inventiv.pipeline.jenkinstest.harness.TestKeys
import io.inventiv.pipeline.jenkinstest.steps.RemoteStatusTest
import org.junit.Test

/**
 * examples/Jenkinsfile.operations' read-only actions through the library's real steps (remoteStatus,
 * remoteLogs, inventivEngineCommand, the real sh and a real ssh-agent), not doubles: over an engine
 * scripted with RemoteStatusTest's status report, and once on the real engine jar (no host needed).
 * The demo (SampleAppDemo) runs status against its real hosts; OperationsJobTest covers every action's call stack.
 */
class OperationsOnTheLibraryStepsTest extends FlowTestBase {

    static final String LOGS_JSON = '{"service":"worker","hosts":[{"host":"10.0.0.5","lines":["worker started","worker ready"]}]}'

    /** The library's own steps run: no doubles. */
    @Override
    void registerLibraryStepDoubles() {
    }

    void parameters(Map<String, String> p) {
        binding.setVariable('params', new HashMap([TARGET: '', SERVICE: 'api', TAIL: '200'] + p))
    }

    @Test
    void statusRunsTheEnginesStatusWithTheBuiltInProfileThroughTheSshAgentAndPrintsItsReport() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        ScriptedEngine engine = scriptedEngine(RemoteStatusTest.STATUS_JSON, 0)
        parameters(ACTION: 'status', ENVIRONMENT: 'staging')
        runPipeline(OperationsJobTest.operationsJenkinsfile())
        assert engine.calls() == 1
        assert engine.argv() == ['status', '--profile', 'staging', '--connect-timeout', '15s', '--audit-lines', '5', '--json']
        assert engine.env().SSH_AUTH_SOCK: 'the staging-ssh key reached the engine through ssh-agent'
        assert agent.echoed.contains('deploy@10.0.0.5: docker ok, compose ok, deploy lock free\n' +
                "10.0.0.5 api running ghcr.io/o/api@sha256:${'a' * 64}\n".toString())
        assert binding.getVariable('currentBuild').description == 'status staging'
    }

    @Test
    void statusWithAHostWhoseDockerIsUnreachablePrintsEveryHostsReportAndFailsTheBuild() {
        credentials.sshUserPrivateKey('staging-ssh', 'deploy', TestKeys.privateKey())
        // The engine's status exits 1 and its --json failure keeps the report (docs/cli.md).
        String failed = '{"error":"status: docker on deploy@10.0.0.6 is unreachable","exitCode":1,"environment":"staging","hosts":[' +
                '{"host":"10.0.0.5","user":"deploy","docker":"ok","compose":"v2","containers":[{"service":"api","state":"running",' +
                '"image":"ghcr.io/o/api@sha256:' + 'a' * 64 + '"}],"lock":null,"audit":[]},' +
                '{"host":"10.0.0.6","user":"deploy","docker":"unreachable","compose":"none","containers":[],"lock":null,"audit":[]}]}'
        scriptedEngine(failed, 1)
        parameters(ACTION: 'status', ENVIRONMENT: 'staging')
        Throwable e = runPipelineExpectingFailure(OperationsJobTest.operationsJenkinsfile())
        assert agent.echoed.contains('deploy@10.0.0.5: docker ok, compose v2, deploy lock free\n' +
                "10.0.0.5 api running ghcr.io/o/api@sha256:${'a' * 64}\n".toString() +
                'deploy@10.0.0.6: docker unreachable, compose none, deploy lock free' +
                '  <<< DOCKER UNREACHABLE: what runs here is unknown and a deploy here would fail\n')
        assert e.message.startsWith('status: 1 of 2 hosts unhealthy: deploy@10.0.0.6 (docker unreachable); the report above shows every host.')
    }

    @Test
    void logsRunsTheEnginesLogsAndPrintsTheLinesItReturns() {
        credentials.sshUserPrivateKey('production-ssh', 'deploy', TestKeys.privateKey())
        ScriptedEngine engine = scriptedEngine(LOGS_JSON, 0)
        parameters(ACTION: 'logs', ENVIRONMENT: 'production', SERVICE: 'worker', TAIL: '20')
        runPipeline(OperationsJobTest.operationsJenkinsfile())
        assert engine.argv() == ['logs', '--profile', 'production', '--connect-timeout', '15s', '--service', 'worker', '--tail', '20', '--json']
        assert agent.echoed.contains('== 10.0.0.5 worker\nworker started\nworker ready\n')
        assert !calls.input: 'reading production needs no approval'
    }

    @Test
    void statusOnTheRealEngineNamesTheMissingConnectionSettingInOneLine() {
        credentials.sshUserPrivateKey('production-ssh', 'deploy', TestKeys.privateKey())
        agent.agentEnv.keySet().removeIf { it.startsWith('PROD_') }
        parameters(ACTION: 'status', ENVIRONMENT: 'production')
        Throwable e = runPipelineExpectingFailure(OperationsJobTest.operationsJenkinsfile())
        assert e.message.startsWith('remoteStatus: status failed (exit 2): ')
        assert e.message.contains('profile production: missing PROD_REMOTE_HOST')
        assert e.message.contains('set the connection settings in the job')
        assert !e.message.contains('\n')
        assert agent.console.toString().contains('status --profile production')
    }
}
