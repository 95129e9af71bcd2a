package io.inventiv.pipeline.jenkinstest.flow

import org.junit.Test

/**
 * The tag flow's migration check, in CPS mode: check-migrations starts from the commit production
 * runs, the revision label of its :prod images (engine digest --labels --allow-missing, a double
 * here), checked against a real git history in the workspace; every case that cannot start from
 * it says why. ReleaseMigrationsOnTheRealEngineTest runs the same path on the real engine.
 */
class ReleaseMigrationCheckFlowTest extends FlowTestBase {
    static final String RELEASE = "inventivPipeline(waitForMainMinutes: 1, waitPollSeconds: 20)"

    List<Map> prodLookups() {
        return calls.inventivEngineCommand.findAll { it.args.contains('--labels') }
    }

    List<Map> migrationChecks() {
        return calls.inventivEngineCommand.findAll { it.command == 'check-migrations' }
    }

    @Test
    void theCheckStartsFromTheRevisionLabelOfProdAtApprovalAndAgainInTheLock() {
        buildOf(TAG_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE)
        assert run.result == 'ok'
        assert prodLookups()*.args == [['--labels', '--allow-missing', "${API}:prod"], ['--labels', '--allow-missing', "${WEB}:prod"]] * 2
        assert migrationChecks()*.args == [['--since', productionCommit, '--migrations-dir', 'sqlx-migrations']] * 2
        assert migrationChecks().every { it.label == 'inventivPipeline' }
        String note = "inventivPipeline: production runs commit ${productionCommit} (org.opencontainers.image.revision of ${API}:prod, ${WEB}:prod): " +
                "check-migrations --since ${productionCommit}"
        assert agent.echoed.count(note) == 2
        assert agent.shScripts.count('git cat-file -e "$INVENTIV_SINCE^{commit}"') == 2: 'the commit is looked up in the checkout, through the environment'
        assertDeploySafety()
    }

    @Test
    void theRepositoriesProductionRunsAreAskedRatherThanTheRelease() {
        buildOf(TAG_NAME: 'v0.2.0')
        productionServices = [api: "${API}@${OLD_DIGEST}".toString(), worker: "ghcr.io/o/app-worker@${OLD_DIGEST}".toString()]
        inputAnswers << 'alice'
        runPipeline(RELEASE)
        assert prodLookups()*.args*.getAt(2).unique() == ["${API}:prod", 'ghcr.io/o/app-worker:prod']
    }

    @Test
    void prodImagesThatDisagreeOnTheRevisionStopTheReleaseNamingEach() {
        buildOf(TAG_NAME: 'v0.2.0')
        String api = API // a closure of a subclass cannot read the base's static constant (Groovy 2.4)
        prodRevision = { String repo -> repo == api ? productionCommit : 'c' * 40 }
        Throwable e = runPipelineExpectingFailure(RELEASE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: the :prod images disagree on the commit " +
                "production runs (org.opencontainers.image.revision): ${API}:prod: ${productionCommit}; ${WEB}:prod: ${'c' * 40}; " +
                "a release is built from one commit")
        assert migrationChecks().isEmpty() && !stepsCalled().contains('input') && !stepsCalled().contains('lock')
    }

    @Test
    void anImageWithoutTheLabelBesideOneWithItIsADisagreementToo() {
        buildOf(TAG_NAME: 'v0.2.0')
        String api = API
        prodRevision = { String repo -> repo == api ? productionCommit : null }
        Throwable e = runPipelineExpectingFailure(RELEASE)
        assert e.message.contains("${API}:prod: ${productionCommit}; ${WEB}:prod: none")
        assert migrationChecks().isEmpty()
    }

    @Test
    void aFirstReleaseHasNoProdSoNothingIsCheckedAndTheBuildSaysWhy() {
        buildOf(TAG_NAME: 'v0.1.0')
        prodExists = false
        productionRuns = null
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE)
        assert run.result == 'ok'
        assert migrationChecks().isEmpty()
        assert agent.echoed.count(("inventivPipeline: no :prod image exists yet (${API}:prod, ${WEB}:prod): this is the first release, " +
                'so no migration was applied by one and check-migrations --since is skipped').toString()) == 2
    }

    @Test
    void prodWithoutTheLabelFallsBackToTheVersionTagProductionsAuditNames() {
        buildOf(TAG_NAME: 'v0.2.0')
        prodRevision = { String repo -> null }
        inputAnswers << 'alice'
        runPipeline(RELEASE)
        assert migrationChecks()*.args == [['--since', 'v0.1.0', '--migrations-dir', 'sqlx-migrations']] * 2
        assert agent.echoed.contains(("inventivPipeline: ${API}:prod, ${WEB}:prod carry no org.opencontainers.image.revision label: " +
                "check-migrations --since v0.1.0, the release production's audit names").toString())
    }

    @Test
    void prodWithoutTheLabelAndNoVersionInTheAuditSkipsTheCheckWithAWarning() {
        buildOf(TAG_NAME: 'v0.2.0')
        prodRevision = { String repo -> null }
        productionRuns = 'inventiv-ops-3'
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE)
        assert run.result == 'ok'
        assert migrationChecks().isEmpty()
        String warning = agent.echoed.find { it.startsWith('WARNING: inventivPipeline: check-migrations skipped: ') }
        assert warning.contains("${API}:prod, ${WEB}:prod carry no org.opencontainers.image.revision label")
        assert warning.contains("production's audit names no version tag to start from (inventiv-ops-3)")
    }

    @Test
    void aShallowCheckoutWithoutProductionsCommitStopsTheReleaseNamingTheFix() {
        buildOf(TAG_NAME: 'v0.2.0')
        shallowCheckout = true
        Throwable e = runPipelineExpectingFailure(RELEASE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: production runs ${productionCommit}, " +
                'which this checkout does not have')
        assert e.message.contains("Turn off 'Shallow clone'") && e.message.contains('git fetch --unshallow')
        assert migrationChecks().isEmpty() && !stepsCalled().contains('input')
    }

    @Test
    void aRevisionLabelThatIsNoCommitIdStopsTheRelease() {
        buildOf(TAG_NAME: 'v0.2.0')
        prodRevision = { String repo -> 'main; rm -rf /' }
        Throwable e = runPipelineExpectingFailure(RELEASE)
        assert e.message.contains("label 'main; rm -rf /' (${API}:prod, ${WEB}:prod) is not a commit id")
        assert migrationChecks().isEmpty() && agent.shScripts.every { !it.contains('rm -rf') }
    }
}
