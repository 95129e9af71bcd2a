package io.inventiv.pipeline.jenkinstest.examples

import io.inventiv.pipeline.jenkinstest.flow.FlowTestBase
import org.junit.Test

/**
 * examples/sample-app/Jenkinsfile, as written, through inventivPipeline's flow (the lower steps as
 * the flow tests' scripted doubles): every argument it passes is one inventivPipeline accepts (an
 * unknown key stops the build), and its app name, labels and credential ids reach the steps.
 */
class SampleJenkinsfileTest extends FlowTestBase {

    static final File ROOT_JENKINSFILE = REPO_ROOT.resolve('examples/sample-app/Jenkinsfile').toFile()

    static String sampleJenkinsfile() {
        String text = ROOT_JENKINSFILE.text
        assert text.contains("@Library('inventiv-pipeline') _")
        // @Library is resolved by Jenkins before the script runs; the harness loads the library itself.
        return text.replace("@Library('inventiv-pipeline') _", '')
    }

    @Test
    void aPullRequestOfTheSampleAppRunsItsGateFile() {
        buildOf(BRANCH_NAME: 'PR-3', CHANGE_ID: '3')
        Map run = (Map) runPipeline(sampleJenkinsfile())
        assert run.kind == 'pull-request' && run.result == 'ok' && run.app == 'sample-app'
        assert calls.ciGate[0].gateFile == 'gate.yaml'
    }

    @Test
    void mainOfTheSampleAppDeploysStagingUnderItsOwnLockWithTheNamedCredentials() {
        buildOf(BRANCH_NAME: 'main')
        Map run = (Map) runPipeline(sampleJenkinsfile())
        assert run.result == 'ok'
        // The app argument, not the multibranch project's name (ci or release), names the lock.
        assert eventsOf('lock')[0].detail == 'sample-app/staging inversePrecedence=true'
        assert calls.buildxBuild[0].images == 'images.yaml'
        assert calls.buildxBuild[0].registryCredentialsId == 'ghcr-push'
        // buildNetwork reaches buildx: the images' RUN steps run without a network.
        assert calls.buildxBuild[0].network == 'none'
        assert calls.promoteByDigest[0].registryCredentialsId == 'ghcr-push'
        assert calls.remoteUpdate[0].profile == 'deploy/staging.yaml'
        assert calls.remoteUpdate[0].pullCredentialsId == 'ghcr-pull'
        assert calls.remoteUpdate[0].sshCredentialsId == 'staging-ssh'
    }
}
