package io.inventiv.pipeline.jenkinstest.flow

import io.inventiv.pipeline.testsupport.OciImages
import io.inventiv.pipeline.testsupport.RegistryServer
import org.junit.AfterClass
import org.junit.BeforeClass
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * The tag flow's migration check on the real engine: inventivEngineCommand runs the engine jar
 * (digest of main's images, digest --labels of :prod, check-migrations) through the real sh,
 * against a real registry holding :prod images whose revision label names production's commit,
 * in a workspace with a real git history. The other library steps stay doubles (FlowTestBase).
 */
class ReleaseMigrationsOnTheRealEngineTest extends FlowTestBase {
    static final String RELEASE = 'inventivPipeline(waitForMainMinutes: 1, waitPollSeconds: 20)'
    static RegistryServer registry
    static Path images

    /** REPO@digest by service: what main pushed (staging runs it) and what :prod points at (production runs it). */
    Map<String, String> stagingRuns = [:]
    Map<String, String> prodRuns = [:]

    @BeforeClass
    static void startRegistry() {
        registry = RegistryServer.start()
        images = Files.createTempDirectory('release-migrations')
    }

    @AfterClass
    static void stopRegistry() {
        registry?.close()
        images?.toFile()?.deleteDir()
    }

    @Override
    void registerLibraryStepDoubles() {
        super.registerLibraryStepDoubles()
        harness.libraryStepStandIns.remove('inventivEngineCommand') // the real step, the real engine
    }

    @Override
    Map stagingStatus() {
        return [environment: 'staging', hosts: [[host: 'vm1', user: 'ubuntu', docker: true, compose: true, containers: [], lock: null,
                audit: [[time: '2026-12-06T11:00:00Z', kind: 'deploy', result: 'ok', releaseId: 'r-1', build: 'inventiv-main-7', services: stagingRuns]]]]]
    }

    @Override
    Map productionStatus() {
        return [environment: 'production', hosts: [[host: 'vm2', user: 'ubuntu', docker: true, compose: true, containers: [], lock: null,
                audit: [[time: '2026-12-01T10:00:00Z', kind: 'deploy', result: 'ok', releaseId: 'p-0', build: 'v0.1.0', services: prodRuns]]]]]
    }

    /** Per service, :prod built from production's commit (its revision label) and main's :<sha12> of the tag's commit. */
    void pushImages(String app) {
        originHistory()
        for (String service : ['api', 'web']) {
            String repo = "${registry.host()}/${app}/app-${service}"
            Path prod = OciImages.single(images.resolve("${app}-${service}-prod"), 1, 'linux/arm64',
                    ['org.opencontainers.image.revision': productionCommit, 'org.opencontainers.image.version': 'v0.1.0'])
            OciImages.push(prod, "${repo}:prod")
            prodRuns[service] = "${repo}@${OciImages.topDigest(prod)}".toString()
            Path main = OciImages.single(images.resolve("${app}-${service}-main"), 1, 'linux/arm64',
                    ['org.opencontainers.image.revision': COMMIT])
            OciImages.push(main, "${repo}:${SHA12}")
            stagingRuns[service] = "${repo}@${OciImages.topDigest(main)}".toString()
        }
    }

    @Test
    void aReleaseEditingAMigrationTheProdImagesCommitAppliedStopsWithCheckMigrationsMessage() {
        editAppliedMigration = true
        pushImages('edited')
        buildOf(TAG_NAME: 'v0.2.0')
        Throwable e = runPipelineExpectingFailure(RELEASE)
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: check-migrations failed (exit 1): ")
        assert e.message.contains("sqlx-migrations/20240101000000_init.sql: changed since ${productionCommit} (deployed migrations are append-only)")
        assert agent.echoed.any { it.startsWith("inventivPipeline: production runs commit ${productionCommit} (org.opencontainers.image.revision of ") }
        assert !stepsCalled().contains('input') && !stepsCalled().contains('lock')
        assert calls.promoteByDigest*.tag == ['v0.2.0']: ':prod never moved'
    }

    @Test
    void migrationsDirReachesTheEngineSoAnEditInAnotherLayoutIsCaught() {
        migrationsPath = 'db/migrations'
        editAppliedMigration = true
        pushImages('layout')
        buildOf(TAG_NAME: 'v0.2.0')
        Throwable e = runPipelineExpectingFailure("inventivPipeline(waitForMainMinutes: 1, waitPollSeconds: 20, migrationsDir: 'db/migrations')")
        assert e.message.startsWith("inventivPipeline failed in stage 'Approval': inventivPipeline: check-migrations failed (exit 1): ")
        assert e.message.contains("db/migrations/20240101000000_init.sql: changed since ${productionCommit} (deployed migrations are append-only)")
        assert !stepsCalled().contains('input')
    }

    @Test
    void aReleaseAddingAMigrationPassesTheCheckAtApprovalAndInTheLock() {
        pushImages('added')
        buildOf(TAG_NAME: 'v0.2.0')
        inputAnswers << 'alice'
        Map run = (Map) runPipeline(RELEASE)
        assert run.result == 'ok'
        String note = "inventivPipeline: production runs commit ${productionCommit} (org.opencontainers.image.revision of " +
                "${registry.host()}/added/app-api:prod, ${registry.host()}/added/app-web:prod): check-migrations --since ${productionCommit}"
        assert agent.echoed.count(note.toString()) == 2
        assert calls.promoteByDigest*.tag == ['v0.2.0', 'prod']
        assert calls.promoteByDigest[1].source == [stagingRuns.api, stagingRuns.web]
        assertDeploySafety()
    }
}
