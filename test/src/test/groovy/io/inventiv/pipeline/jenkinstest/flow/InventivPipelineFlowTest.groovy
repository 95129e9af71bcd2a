package io.inventiv.pipeline.jenkinstest.flow

import groovy.json.JsonSlurper
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.Test

/** Every flow of inventivPipeline as the call stack Jenkins would run, in CPS mode. */
class InventivPipelineFlowTest extends FlowTestBase {

    @Test
    void aPullRequestRunsTheGateOnlyAndANewerPushAbortsIt() {
        buildOf(BRANCH_NAME: 'PR-12', CHANGE_ID: '12')
        Map run = (Map) runPipeline(JENKINSFILE)
        assert run.kind == 'pull-request' && run.result == 'ok'
        assert stepsCalled() == ['properties', 'node', 'checkout', 'ciGate']
        assert eventsOf('properties')[0].detail.contains('abortPrevious:true')
        assert eventsOf('properties')[0].detail.contains('numToKeepStr:30')
        assert eventsOf('properties')[0].node == 0
        assert binding.getVariable('currentBuild').description == 'pull-request PR-12'
    }

    @Test
    void aFeatureBranchRunsTheGateOnly() {
        buildOf(BRANCH_NAME: 'feature/login')
        Map run = (Map) runPipeline(JENKINSFILE)
        assert run.kind == 'branch'
        assert stepsCalled() == ['properties', 'node', 'checkout', 'ciGate']
        assert calls.ciGate[0].gateFile == 'gate.yaml'
        assert calls.ciGate[0].secretCredentials == [:]
    }

    @Test
    void theGatesSecretCredentialsGoToCiGate() {
        buildOf(BRANCH_NAME: 'feature/login')
        runPipeline("inventivPipeline(gateSecretCredentials: [NPM_TOKEN: 'npm-read-token'])")
        assert calls.ciGate[0].secretCredentials == [NPM_TOKEN: 'npm-read-token']
    }

    @Test
    void mainBuildsValidatesThenPromotesAndDeploysStagingInsideItsLock() {
        buildOf(BRANCH_NAME: 'main')
        Map run = (Map) runPipeline(JENKINSFILE)
        assert run.result == 'ok'
        assert stepsCalled() == ['node', 'checkout', 'ciGate',
                                 'node', 'checkout', 'buildxBuild',
                                 'node', 'checkout', 'validateSecrets',
                                 'lock', 'milestone', 'node', 'checkout', 'promoteByDigest', 'remoteUpdate',
                                 'node', 'archiveArtifacts']
        assert eventsOf('lock')[0].detail == 'inventiv/staging inversePrecedence=true'
        Map built = calls.buildxBuild[0]
        assert built.push == true && built.skipExisting == true && built.platforms == ['linux/arm64']
        assert calls.promoteByDigest[0].source == ["${API}@${API_DIGEST}", "${WEB}@${WEB_DIGEST}"]
        assert calls.promoteByDigest[0].tag == 'staging'
        assert calls.remoteUpdate[0].images == [api: "${API}@${API_DIGEST}", web: "${WEB}@${WEB_DIGEST}"]
        assert calls.remoteUpdate[0].build == 'inventiv-main-7'
        assert !agent.echoed.any { it.contains('QEMU') }: 'an arm64 build agent needs no emulation'
        assert binding.getVariable('currentBuild').description == "main; staging: api@${'a' * 12} web@${'b' * 12} on vm1"
        Map record = (Map) new JsonSlurper().parseText(eventsOf('archiveArtifacts')[0].detail)
        assert record.result == 'ok' && record.commit == COMMIT && record.deployed[0].environment == 'staging'
        assertDeploySafety()
    }

    @Test
    void theBuildxDriverArgumentReachesBuildxBuild() {
        buildOf(BRANCH_NAME: 'main')
        runPipeline("inventivPipeline(buildLabel: 'arm64', buildxDriver: 'docker')")
        assert calls.buildxBuild[0].buildxDriver == 'docker'
    }

    @Test
    void aBuildWithoutAnArm64AgentSaysItEmulatesAndEnvironmentSpecificBuildArgumentsAreWarnedAbout() {
        buildOf(BRANCH_NAME: 'main')
        runPipeline("inventivPipeline(buildArgs: [NEXT_PUBLIC_API: 'x', API_URL: 'y', NODE_VERSION: '20', APP_DOMAIN: 'z'])")
        assert agent.echoed.any { it.contains('QEMU') }
        String warning = agent.echoed.find { it.startsWith('WARNING: build argument') }
        assert warning.contains('API_URL, APP_DOMAIN, NEXT_PUBLIC_API look environment-specific')
        assert !warning.contains('NODE_VERSION')
    }

    @Test
    void aTagWhoseImagesStagingRunsIsPromotedApprovedOutsideAnyNodeAndDeployedInsideTheProductionLock() {
        buildOf(TAG_NAME: 'v0.2.0', BRANCH_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(JENKINSFILE)
        assert run.kind == 'release' && run.result == 'ok' && run.approvedBy == 'alice'
        assert !stepsCalled().contains('buildxBuild'): 'a release is never rebuilt'
        List prodChecks = [['--labels', '--allow-missing', "${API}:prod"], ['--labels', '--allow-missing', "${WEB}:prod"],
                           ['--since', productionCommit, '--migrations-dir', 'sqlx-migrations']]
        assert calls.inventivEngineCommand*.args == [["${API}:${SHA12}"], ["${WEB}:${SHA12}"]] + prodChecks + prodChecks
        assert calls.promoteByDigest*.tag == ['v0.2.0', 'prod']
        assert calls.promoteByDigest[1].source == ["${API}@${API_DIGEST}", "${WEB}@${WEB_DIGEST}"]
        Map input = calls.input[0]
        assert input.submitter == 'release-managers'
        assert input.message.startsWith('Deploy inventiv v0.2.0 to production?')
        assert input.message == 'Deploy inventiv v0.2.0 to production?\n' +
                'ubuntu@vm2, running release p-0 (build v0.1.0)\n' +
                "  api: ${OLD_DIGEST.take(19)} -> ${API_DIGEST.take(19)} (update)\n" +
                "  web: ${OLD_DIGEST.take(19)} -> ${WEB_DIGEST.take(19)} (update)\n" +
                '  env file: changed; changed [PROD_JWT_SECRET], added [NEW_FLAG], removed []\n' +
                '  compose file: unchanged\n'
        assert eventsOf('timeout')[0].detail == '90 MINUTES'
        assert eventsOf('lock')[0].detail == 'inventiv/production inversePrecedence=true'
        List<String> inLock = events.findAll { it.lock > 0 }*.step
        assert inLock == ['milestone', 'node', 'checkout', 'remoteStatus', 'inventivEngineCommand', 'inventivEngineCommand', 'inventivEngineCommand',
                          'remoteUpdate', 'promoteByDigest', 'remoteUpdate']
        assert calls.remoteUpdate*.plan == [true, true, null]
        assert calls.remoteUpdate[2].build == 'v0.2.0'
        assert binding.getVariable('currentBuild').description.startsWith('release v0.2.0; production: api@aaaaaaaaaaaa web@bbbbbbbbbbbb on vm1')
        assertDeploySafety()
    }

    @Test
    void aTagWhoseImagesMainNeverPushedWaitsBoundedThenFailsClearly() {
        buildOf(TAG_NAME: 'v0.2.0')
        mainPushed = false
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert eventsOf('sleep')*.detail == ['20 SECONDS', '20 SECONDS']: '1 minute at 20 s: three looks'
        assert calls.remoteStatus.size() == 3
        assert e.message == "inventivPipeline failed in stage 'Wait for main': inventivPipeline: after 1 min, ${API}:${SHA12} does not exist " +
                "(main has not pushed this commit): digest ${API}:${SHA12}: the registry has no such tag. Let the main build of this commit " +
                'finish and deploy staging, then rebuild the tag; tag only commits that went through main.'
        assert !stepsCalled().contains('promoteByDigest') && !stepsCalled().contains('input')
        assertDeploySafety()
    }

    @Test
    void aTagWhoseImagesStagingDidNotDeployIsNotReleased() {
        buildOf(TAG_NAME: 'v0.2.0')
        stagingDeployedIt = false
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.contains("staging's audit shows no successful deploy of ${SHA12}")
        assert !stepsCalled().contains('promoteByDigest')
    }

    @Test
    void aTagWhenStagingWasNeverDeployedSaysSo() {
        buildOf(TAG_NAME: 'v0.2.0')
        stagingEverDeployed = false
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.contains('staging has never been deployed')
        assert !stepsCalled().contains('inventivEngineCommand') && !stepsCalled().contains('promoteByDigest')
    }

    @Test
    void aRefusedApprovalAbortsTheBuildWithNothingDeployedToProduction() {
        buildOf(TAG_NAME: 'v0.2.0')
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e instanceof FlowInterruptedException
        assert agent.echoed.any { it.startsWith("inventivPipeline failed in stage 'Approval'") && it.contains('Nothing was deployed to production') }
        assert calls.promoteByDigest*.tag == ['v0.2.0']
        assert !stepsCalled().contains('lock')
        Map record = (Map) new JsonSlurper().parseText(eventsOf('archiveArtifacts')[0].detail)
        assert record.result == 'aborted' && record.stage == 'Approval'
        assertDeploySafety()
    }

    @Test
    void anApprovalThatTimesOutAbortsTheBuild() {
        buildOf(TAG_NAME: 'v0.2.0')
        approvalTimesOut = true
        inputAnswers << 'alice'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e instanceof FlowInterruptedException && e.message == 'Timeout has been exceeded'
        assert !stepsCalled().contains('lock') && calls.promoteByDigest*.tag == ['v0.2.0']
    }

    @Test
    void aPlanThatChangedAfterApprovalStopsTheDeployInsideTheLock() {
        buildOf(TAG_NAME: 'v0.2.0')
        planChangesAfterApproval = true
        inputAnswers << 'alice'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Deploy production': inventivPipeline: production changed after the approval")
        assert e.message.contains('(the plan computed in the lock differs from the approved one: ' +
                "ubuntu@vm2 web: the running image moved from ${OLD_DIGEST.take(19)} to sha256:cccccccccccc); " +
                'rebuild the tag to approve the current plan')
        assert calls.promoteByDigest*.tag == ['v0.2.0']: ':prod never moved'
        assert calls.remoteUpdate*.plan == [true, true]
        assertDeploySafety()
    }

    @Test
    void anEnvKeyThatChangedOnTheHostAfterApprovalIsNamedWhenTheDeployStops() {
        buildOf(TAG_NAME: 'v0.2.0')
        envChangesAfterApproval = true
        inputAnswers << 'alice'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.contains('production changed after the approval (the plan computed in the lock differs from the approved one: ' +
                'ubuntu@vm2 env key NEW_FLAG: added at approval, now not changed); rebuild the tag')
        assert !e.message.contains('web:'): 'only what moved is named'
        assert calls.promoteByDigest*.tag == ['v0.2.0']: ':prod never moved'
        assert calls.remoteUpdate*.plan == [true, true]
        assertDeploySafety()
    }

    @Test
    void aPlanWithoutTheEnginesFingerprintIsNotPutToTheApprover() {
        buildOf(TAG_NAME: 'v0.2.0')
        planWithoutFingerprint = true
        inputAnswers << 'alice'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: the engine's deploy --plan gave no fingerprint")
        assert !stepsCalled().contains('input') && !stepsCalled().contains('lock')
        assert calls.promoteByDigest*.tag == ['v0.2.0']
    }

    @Test
    void aReleaseOlderThanWhatProductionRunsIsRefusedUnlessAllowed() {
        buildOf(TAG_NAME: 'v0.2.0')
        productionRuns = 'v0.10.0'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.contains('v0.2.0 is older than v0.10.0, which production runs')
        assert e.message.contains('allowDowngrade: true')
        assert !stepsCalled().contains('input') && !calls.remoteUpdate

        setUpHarness()
        events.clear(); calls.clear()
        buildOf(TAG_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline("inventivPipeline(allowDowngrade: true)")
        assert run.result == 'ok' && calls.promoteByDigest*.tag == ['v0.2.0', 'prod']
    }

    @Test
    void aFailingGateStopsTheBuildWithOneParagraph() {
        buildOf(BRANCH_NAME: 'main')
        gateFailure = 'ciGate: 1 of 3 checks failed: test (exit 1)'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message == "inventivPipeline failed in stage 'CI gate': ciGate: 1 of 3 checks failed: test (exit 1). " +
                'Fix the failed checks (their JUnit report is on the build page) and push again.'
        assert !stepsCalled().contains('buildxBuild')
    }

    @Test
    void aFailingValidationPromotesNothing() {
        buildOf(BRANCH_NAME: 'main')
        validationFailure = 'validateSecrets: staging is missing STG_JWT_SECRET (credential stg-jwt-secret)'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Validate staging': validateSecrets: staging is missing STG_JWT_SECRET")
        assert e.message.endsWith('Nothing was promoted or deployed: add the missing credentials or settings, then rebuild main.')
        assert !stepsCalled().contains('promoteByDigest') && !stepsCalled().contains('lock')
        Map record = (Map) new JsonSlurper().parseText(eventsOf('archiveArtifacts')[0].detail)
        assert record.result == 'failed' && record.stage == 'Validate staging'
    }

    @Test
    void aDeployThatFailsAndRollsBackOnEveryHostPutsTheTagBackOnWhatTheHostsRun() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm1: api unhealthy after 60s; rolled back to release r-0'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Deploy staging': remoteUpdate: deploy failed (exit 1): vm1: api unhealthy")
        assert e.message.contains(':staging is back on the previous images, which every host runs again (vm1 runs the previous release (rolled-back))')
        assert e.message.endsWith('Why it failed: see remoteStatus and remoteLogs; fix, and rebuild.')
        assert calls.remoteUpdate.last().returnFailure == true
        assert calls.promoteByDigest*.tag == ['staging', 'staging']
        assert calls.promoteByDigest[1].source == ["${API}@${OLD_DIGEST}", "${WEB}@${OLD_DIGEST}"]
        assert eventsOf('promoteByDigest').every { it.lock > 0 }
        Map record = (Map) new JsonSlurper().parseText(eventsOf('archiveArtifacts')[0].detail)
        assert record.result == 'failed' && record.error.contains(':staging is back on the previous images')
        assertDeploySafety()
    }

    @Test
    void aDeployWithRollbackOffLeavesTheTagOnTheNewImagesTheHostRunsAndSaysHowToRollBack() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm1: health check failed for 60s'
        deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 1, result: 'failed', running: 'new']]
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging']: 'the tag stays on what the host runs'
        assert e.message.contains('remoteUpdate: deploy failed (exit 1): vm1: health check failed for 60s. ' +
                ':staging stays on the new images (what the deploy put there): not every host is back on the previous release: ' +
                'vm1 runs the new release (failed, not rolled back). ' +
                "To bring every host and :staging back to the previous release, run the operations job (ACTION rollback, TARGET ${OLD_DIGEST})")
        assert e.message.contains("remoteRollback(to: '${OLD_DIGEST}')")
        assertDeploySafety()
    }

    @Test
    void aRollingDeployThatStoppedHalfWayLeavesTheTagAndNamesWhatEachHostRuns() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm2: the rollback\'s up -d failed too; the host needs a look'
        deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 0, result: 'ok', running: 'new'],
                       [host: 'vm2', user: 'ubuntu', exitCode: 1, result: 'rollback-failed', running: 'unknown']]
        skippedHosts = ['vm3']
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging']
        assert e.message.contains(':staging stays on the new images (what the deploy put there): not every host is back on the previous release: ' +
                'vm1 runs the new release (ok, not rolled back); vm2: unknown (rollback-failed; the host needs a look); ' +
                'vm3 was not reached and runs the previous release.')
    }

    @Test
    void aHostThatRolledBackWhileAnotherWasNeverReachedPutsTheTagBack() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm1: compose pull failed'
        deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 1, result: 'failed', running: 'previous']]
        skippedHosts = ['vm2']
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging', 'staging']
        assert e.message.contains(':staging is back on the previous images, which every host runs again ' +
                '(vm1 runs the previous release (failed); vm2 was not reached and runs the previous release)')
    }

    @Test
    void aFirstDeployThatFailsHasNoTagToPutBackAndSaysSo() {
        buildOf(BRANCH_NAME: 'main')
        firstDeploy = true
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm1: health check failed for 60s'
        deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 1, result: 'failed', running: 'new']]
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging']
        assert e.message.contains(':staging did not exist before this deploy (a first deploy), so there is nothing to put back: ' +
                'it stays on the new images. vm1 runs the new release (failed, not rolled back).')
    }

    @Test
    void aTagThatCannotBePutBackIsNamedWithTheFix() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm1: api unhealthy after 60s; rolled back to release r-0'
        promoteBackFailure = 'promoteByDigest: promote failed (exit 1): registry answered 503'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging', 'staging']
        assert e.message.contains('every host runs the previous release again, but putting :staging back failed ' +
                '(promoteByDigest: promote failed (exit 1): registry answered 503), so :staging still points at the new images, ' +
                "which no host runs. Put it back by hand: promoteByDigest(source: ['${API}@${OLD_DIGEST}', '${WEB}@${OLD_DIGEST}'], tag: 'staging'), " +
                "or inventiv-pipeline promote --tag staging --source ${API}@${OLD_DIGEST} --source ${WEB}@${OLD_DIGEST}.")
    }

    @Test
    void aDeployThatStopsBeforeReportingLeavesTheTagAndSaysWhatToCheck() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: validate-env failed (exit 2): STG_JWT_SECRET is missing'
        deployThrows = true
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert calls.promoteByDigest*.tag == ['staging']
        assert e.message.contains(':staging stays on the new images (what the deploy put there): the deploy gave no per-host report, ' +
                "so what the hosts run is unknown: check with remoteStatus (the operations job's status).")
    }

    @Test
    void aDeployLockHeldByAnotherDeploySaysToWait() {
        buildOf(BRANCH_NAME: 'main')
        deployFailure = 'remoteUpdate: deploy failed: the deploy lock is held by another deploy (exit 3); wait for it or see remoteStatus: ' +
                'vm1: lock held by app-main-6 since 12:01:07'
        deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 3, result: 'lock-held', running: 'previous']]
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.contains("stage 'Deploy staging'")
        assert e.message.contains(':staging is back on the previous images, which every host runs again (vm1 runs the previous release (lock-held))')
        assert e.message.endsWith('Another deploy holds the host lock: wait for it to finish (remoteStatus shows the holder), then rebuild.')
    }

    @Test
    void anEditedMigrationThatProductionAlreadyAppliedStopsTheRelease() {
        buildOf(TAG_NAME: 'v0.2.0')
        migrationFailure = 'check-migrations: sqlx-migrations/20240101000000_init.sql: changed since 5d1c (deployed migrations are append-only)'
        Throwable e = runPipelineExpectingFailure(JENKINSFILE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': check-migrations: sqlx-migrations/20240101000000_init.sql: changed since")
        assert !stepsCalled().contains('input') && !stepsCalled().contains('lock')
        assert calls.inventivEngineCommand.find { it.command == 'check-migrations' }.args == ['--since', productionCommit, '--migrations-dir', 'sqlx-migrations']
    }
}
