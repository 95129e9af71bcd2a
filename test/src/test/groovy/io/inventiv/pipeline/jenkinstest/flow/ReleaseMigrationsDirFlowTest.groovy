package io.inventiv.pipeline.jenkinstest.flow

import org.junit.Test

/**
 * inventivPipeline's migrationsDir in the tag flow, in CPS mode, over a real git history in the
 * workspace (fileExists looks at the real checkout): the default directory absent means an app
 * without migrations (no check, said why); a directory given on purpose is checked there, and
 * stops the release when the checkout lacks it; a value outside the checkout stops the build
 * before any stage. ReleaseMigrationsOnTheRealEngineTest passes another directory to the real engine.
 */
class ReleaseMigrationsDirFlowTest extends FlowTestBase {
    static final String RELEASE = "inventivPipeline(waitForMainMinutes: 1, waitPollSeconds: 20"

    List<Map> migrationChecks() {
        return calls.inventivEngineCommand.findAll { it.command == 'check-migrations' }
    }

    List<Map> prodLookups() {
        return calls.inventivEngineCommand.findAll { it.args.contains('--labels') }
    }

    @Test
    void anAppWithoutTheDefaultDirectoryIsReleasedWithoutTheCheckAndTheBuildSaysWhy() {
        migrationsPath = null
        buildOf(TAG_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE + ')')
        assert run.result == 'ok'
        assert migrationChecks().isEmpty()
        assert prodLookups().isEmpty(): 'nothing to check, so no registry lookup of :prod'
        String why = "inventivPipeline: check-migrations skipped: the tag's checkout has no sqlx-migrations (migrationsDir's default), " +
                "so the app has no migrations to check; an app whose migrations live elsewhere names them with migrationsDir: 'db/migrations'"
        assert agent.echoed.count(why) == 2: 'at approval and again in the lock, one line each'
        assert calls.promoteByDigest*.tag == ['v0.2.0', 'prod']
        assertDeploySafety()
    }

    @Test
    void aDirectoryGivenOnPurposeIsTheOneCheckedAtApprovalAndInTheLock() {
        migrationsPath = 'db/migrations'
        buildOf(TAG_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE + ", migrationsDir: 'db/migrations')")
        assert run.result == 'ok'
        assert migrationChecks()*.args == [['--since', productionCommit, '--migrations-dir', 'db/migrations']] * 2
        assertDeploySafety()
    }

    @Test
    void aDirectoryGivenOnPurposeThatTheCheckoutLacksStopsTheReleaseNamingTheArgument() {
        buildOf(TAG_NAME: 'v0.2.0') // the history keeps its migrations in sqlx-migrations
        Throwable e = runPipelineExpectingFailure(RELEASE + ", migrationsDir: 'db/migrations')")
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: argument 'migrationsDir' names " +
                "db/migrations, which the tag's checkout does not have; give the app's migrations directory relative to the repository " +
                'root, or leave migrationsDir out for an app without migrations')
        assert migrationChecks().isEmpty() && !stepsCalled().contains('input') && !stepsCalled().contains('lock')
        assert calls.promoteByDigest*.tag == ['v0.2.0']: ':prod never moved'
    }

    @Test
    void theDefaultNamedOnPurposeMustExistToo() {
        migrationsPath = null
        buildOf(TAG_NAME: 'v0.2.0')
        Throwable e = runPipelineExpectingFailure(RELEASE + ", migrationsDir: 'sqlx-migrations')")
        assert e.message.contains("inventivPipeline: argument 'migrationsDir' names sqlx-migrations, which the tag's checkout does not have")
        assert migrationChecks().isEmpty() && !stepsCalled().contains('input')
    }

    @Test
    void aValueOutsideTheCheckoutStopsTheBuildBeforeAnyStage() {
        for (String value : ['/srv/app/migrations', '../other/migrations', 'db/../../migrations', 'db\\..\\migrations', 'C:\\db']) {
            events.clear()
            buildOf(TAG_NAME: 'v0.2.0')
            Throwable e = runPipelineExpectingFailure(RELEASE + ", migrationsDir: '${value.replace('\\', '\\\\')}')")
            assert e.message == "inventivPipeline: argument 'migrationsDir' must be a path inside the checkout, relative to its root and " +
                    "without '..', not '${value}'; e.g. migrationsDir: 'db/migrations'"
            assert events.isEmpty(): "${value}: nothing ran (${stepsCalled()})"
        }
    }

    @Test
    void aBranchBuildRefusesABadValueToo() {
        buildOf(BRANCH_NAME: 'feature')
        Throwable e = runPipelineExpectingFailure("inventivPipeline(migrationsDir: '/db')")
        assert e.message.contains("argument 'migrationsDir' must be a path inside the checkout")
        assert events.isEmpty()
    }
}
