package io.inventiv.pipeline.jenkinstest.flow

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Before
import org.junit.Test

/** PipelineFlow's decisions as plain values, loaded as Jenkins loads the library (CPS-transformed). */
class PipelineFlowTest extends PipelineTestBase {
    def flow

    @Before
    void loadFlow() {
        runPipeline('null')
        flow = harness.libraryClass('io.inventiv.pipeline.jenkins.PipelineFlow')
    }

    @Test
    void theKindOfBuildComesFromBranchChangeAndTag() {
        assert flow.kind('PR-3', '3', null, 'main') == 'pull-request'
        assert flow.kind('main', '3', null, 'main') == 'pull-request'
        assert flow.kind('feature/x', null, null, 'main') == 'branch'
        assert flow.kind('main', null, null, 'main') == 'main'
        assert flow.kind('master', null, null, 'master') == 'main'
        assert flow.kind('v1.2.0', null, 'v1.2.0', 'main') == 'release'
        assert flow.kind('nightly', null, 'nightly', 'main') == 'branch': 'a tag that is not v* only runs the gate'
        assert flow.stages('release') == ['CI gate', 'Wait for main', 'Promote release', 'Approval', 'Deploy production']
        assert flow.stages('main') == ['CI gate', 'Build images', 'Validate staging', 'Deploy staging']
        assert flow.stages('branch') == ['CI gate']
    }

    @Test
    void lockNamesCarryTheAppBecauseLocksAreGlobalToTheController() {
        assert flow.lockName('inventiv', 'production') == 'inventiv/production'
        assert flow.appName(null, 'org/inventiv/main') == 'inventiv'
        assert flow.appName(null, 'inventiv/PR-3') == 'inventiv'
        assert flow.appName('shop', 'inventiv/main') == 'shop'
    }

    @Test
    void versionsCompareByNumberAndAPreReleaseComesBeforeItsRelease() {
        assert flow.compareVersions('v1.10.0', 'v1.9.0') == 1
        assert flow.compareVersions('v0.2.0', 'v0.10.0') == -1
        assert flow.compareVersions('v1.0.0', '1.0') == 0
        assert flow.compareVersions('v1.0.0-rc.1', 'v1.0.0') == -1
        assert flow.compareVersions('v1.0.0-rc.2', 'v1.0.0-rc.1') == 1
        assert flow.compareVersions("v1.0.0", "inventiv-main-6") == null
        assert flow.isVersion("v0.1.0") && !flow.isVersion("inventiv-main-6") && !flow.isVersion(null)
        assert flow.downgradeProblem('v0.2.0', 'v0.10.0', false).startsWith('v0.2.0 is older than v0.10.0')
        assert flow.downgradeProblem('v0.2.0', 'v0.10.0', true) == null
        assert flow.downgradeProblem('v0.2.0', null, false) == null: 'a first release has nothing to compare with'
        assert flow.downgradeProblem('v0.2.0', 'v0.2.0', false) == null: 'a redeploy of the same release is not a downgrade'
    }

    @Test
    void stagingsAuditProvesADeployOnlyWhenOneSuccessfulDeployRanEveryDigest() {
        Map status = [hosts: [[host: 'vm1', audit: [
                [time: '1', kind: 'deploy', result: 'ok', services: [api: 'r/api@sha256:a', web: 'r/web@sha256:old']],
                [time: '2', kind: 'deploy', result: 'rolled-back', services: [api: 'r/api@sha256:a', web: 'r/web@sha256:b']]]]]]
        assert !flow.deployedOk(status, ['sha256:a', 'sha256:b'])
        assert flow.deployedOk(status, ['sha256:a'])
        assert flow.lastGoodDeploy(status).time == '1'
        assert flow.repositoriesOf(flow.lastGoodDeploy(status)) == ['r/api', 'r/web']
        assert flow.serviceOf('r/web', flow.lastGoodDeploy(status)) == 'web'
        assert !flow.deployedOk([hosts: []], ['sha256:a'])
    }

    @Test
    void environmentSpecificBuildArgumentsAreNamed() {
        assert flow.environmentSpecificBuildArgs([NEXT_PUBLIC_API: '', BASE_URL: '', MAIL_DOMAIN: '', NODE_VERSION: '', URLS: '']) ==
                ['BASE_URL', 'MAIL_DOMAIN', 'NEXT_PUBLIC_API']
        assert flow.environmentSpecificWarning([]) == null
    }

    @Test
    void aFailedPromotionIsUndoneToThePreviousDigests() {
        Map promoted = [images: [[source: 'r/api@sha256:new', target: 'r/api:staging', previousDigest: 'sha256:old'],
                                 [source: 'h:5000/r/web:abc', previousDigest: null]]]
        assert flow.previousSources(promoted) == ['r/api@sha256:old']
    }

    /** Found by the demo's first tag build: the approver read "running release null" and "null -> sha256:…". */
    @Test
    void aHostsFirstDeployPlanReadsNothingDeployedYetNotNull() {
        String text = flow.planText([[user: 'root', host: '127.0.0.1', runningRelease: null, runningBuild: null,
                                      services: [[service: 'api', running: null, next: 'r/app-api@sha256:' + 'a' * 64, change: 'new']],
                                      env: [file: 'new', changed: [], added: ['API_IMAGE'], removed: []], compose: 'new']])
        assert text == 'root@127.0.0.1, nothing deployed yet\n' +
                "  api: nothing -> sha256:${'a' * 12} (new)\n" +
                '  env file: new; changed [], added [API_IMAGE], removed []\n' +
                '  compose file: new\n'
        assert !text.contains('null')
    }
}
