package io.inventiv.pipeline.jenkinstest.flow

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Before
import org.junit.Test

/**
 * The approved production plan against the one made in the lock: the engine's fingerprint decides,
 * and a difference is told as what moved, host by host, loaded as Jenkins loads the library.
 */
class PlanComparisonTest extends PipelineTestBase {
    static final String OLD = 'r/web@sha256:' + '0' * 64
    static final String NEW = 'r/web@sha256:' + 'b' * 64
    def plans

    @Before
    void loadClass() {
        runPipeline('null')
        plans = harness.libraryClass('io.inventiv.pipeline.jenkins.PlanComparison')
    }

    static Map plan(Map hostChanges = [:], String fingerprint = 'f' * 64) {
        Map host = [host: 'vm2', user: 'ubuntu', docker: 'ok', releaseId: 'r2', runningRelease: 'r1', runningBuild: 'v0.1.0',
                    services: [[service: 'web', running: OLD, next: NEW, change: 'update']],
                    env: [file: 'changed', added: ['NEW_FLAG'], removed: ['OLD_FLAG'], changed: ['DB_PASSWORD'], unchanged: 2],
                    compose: 'unchanged', secretFiles: null, changes: true, warnings: []] + hostChanges
        return [environment: 'production', kind: 'deploy', plan: true, releaseId: 'r2', fingerprint: fingerprint, hosts: [host]]
    }

    @Test
    void equalFingerprintsAreTheSamePlanWhateverElseTheReportSays() {
        assert plans.change(plan(), plan([runningBuild: 'other', warnings: ['x']])) == null
        assert plans.fingerprint(plan()) == 'f' * 64
        assert plans.unusable(plan()) == null
    }

    @Test
    void aDifferenceIsToldAsWhatMovedHostByHost() {
        String message = plans.change(plan(), plan([runningRelease: 'r9', runningBuild: 'hotfix-3',
                services: [[service: 'web', running: 'r/web@sha256:' + 'c' * 64, next: NEW, change: 'update']],
                env: [file: 'changed', added: [], removed: ['OLD_FLAG'], changed: ['DB_PASSWORD', 'NEW_FLAG'], unchanged: 2],
                compose: 'changed'], 'e' * 64))
        assert message == 'production changed after the approval (the plan computed in the lock differs from the approved one: ' +
                'ubuntu@vm2 ran release r1 (build v0.1.0) at approval, now r9 (build hotfix-3); ' +
                'ubuntu@vm2 web: the running image moved from sha256:000000000000 to sha256:cccccccccccc; ' +
                'ubuntu@vm2 env key NEW_FLAG: added at approval, now changed; ' +
                'ubuntu@vm2 compose file: unchanged at approval, now changed); rebuild the tag to approve the current plan'
    }

    @Test
    void eachKindOfMoveIsNamed() {
        Map approved = plan()
        Map<Map, String> moves = [
                ([docker: 'unreachable']): 'ubuntu@vm2: docker: ok at approval, now unreachable',
                ([services: [[service: 'web', running: NEW, next: NEW, change: 'unchanged']]]):
                        'ubuntu@vm2 web: the running image moved from sha256:000000000000 to sha256:bbbbbbbbbbbb',
                ([services: [[service: 'web', running: OLD, next: NEW, change: 'start']]]): 'ubuntu@vm2 web: update at approval, now start',
                ([services: [[service: 'web', running: null, next: NEW, change: 'new']]]):
                        'ubuntu@vm2 web: the running image moved from sha256:000000000000 to none',
                ([services: []]): 'ubuntu@vm2 web: no longer in the release',
                ([env: [file: 'unknown', added: [], removed: [], changed: [], unchanged: 0]]): 'ubuntu@vm2 env file: changed at approval, now unknown',
                ([env: [file: 'changed', added: ['NEW_FLAG'], removed: [], changed: ['DB_PASSWORD'], unchanged: 3]]):
                        'ubuntu@vm2 env key OLD_FLAG: removed at approval, now not changed',
                ([secretFiles: [added: ['tls.key'], changed: [], unchanged: 0]]): 'ubuntu@vm2 secret file tls.key: not changed at approval, now added',
                ([releaseId: 'r3']): 'ubuntu@vm2 would get release r2 at approval, now r3 (an env value or the compose file differs)',
                ([host: 'vm3']): 'ubuntu@vm2 is no longer in the plan; ubuntu@vm3 is new in the plan',
        ]
        moves.each { Map change, String said ->
            String message = plans.change(approved, plan(change, 'e' * 64))
            assert message.contains("the approved one: ${said}); rebuild".toString()): "${change}: ${message}"
        }
    }

    @Test
    void aFingerprintThatMovedWithNothingElseSaysSoAndAMissingOneIsRefusedBeforeApproval() {
        assert plans.change(plan(), plan([:], 'e' * 64)).contains('the approved one: plan fingerprint ffffffffffff at approval, now eeeeeeeeeeee)')
        Map without = plan()
        without.remove('fingerprint')
        assert plans.unusable(without).startsWith("the engine's deploy --plan gave no fingerprint")
        assert plans.change(without, without) != null: 'two plans without fingerprints are never taken as equal'
    }

    @Test
    void manyMovesAreCountedBeyondTheFirstFew() {
        Map env = [file: 'changed', added: (1..10).collect { "K${it}".toString() }, removed: [], changed: [], unchanged: 0]
        String message = plans.change(plan(), plan([env: env, releaseId: 'r2'], 'e' * 64))
        assert message.contains('; and 7 more); rebuild'): '13 keys moved, 6 are named'
    }
}
