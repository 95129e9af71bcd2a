package io.inventiv.pipeline.jenkinstest.demo

import groovy.json.JsonSlurper
import io.inventiv.pipeline.testsupport.Processes
import org.junit.AfterClass
import org.junit.BeforeClass
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * The demo's builds end to end, as scripts/demo runs them: the sample app's Jenkinsfile through
 * inventivPipeline on the demo Jenkins, the real engine, registry, dockerd and two sshd hosts.
 * Each build's claims are checked independently: the registry's API for the tags, docker inspect
 * for what each host runs.
 */
class DemoEndToEndTest {
    static SampleAppDemo demo
    static DemoIndependentCheck check
    static DemoBuildResult main
    static DemoBuildResult tag
    static DemoBuildResult status

    @BeforeClass
    static void runTheDemo() {
        demo = new SampleAppDemo(Files.createTempDirectory(Path.of('/tmp'), 'demo-e2e')).setUp()
        check = new DemoIndependentCheck(demo.services)
        main = demo.mainBuild()
        tag = main.ok() ? demo.tagBuild() : null
        status = tag?.ok() ? demo.operations('status', 'production') : null
    }

    @AfterClass
    static void stop() {
        demo?.close()
        if (demo != null) {
            Processes.deleteTree(demo.state)
        }
    }

    @Test
    void mainBuildPushesSha12AndStagingRunsExactlyTheDigestsPromotedToStaging() {
        assert main.ok(): "${main}\n${main.console}"
        assert main.stages*.name == ['CI gate', 'Build images', 'Validate staging', 'Deploy staging']
        assert main.stages.every { it.ok }

        // What the build reported: buildx (docker driver), both images for linux/arm64 under :<sha12>.
        Map build = main.report('build', 'Build images')
        assert build.builder == 'buildx' && build.driver == 'docker'
        Map<String, String> built = build.images.collectEntries { [(it.name): "${it.image}@${it.digest}".toString()] }
        assert built.keySet() == ['api', 'worker'] as Set
        assert build.images.every { it.platforms == ['linux/arm64'] && it.tags.contains(demo.sha12()) }
        Map record = (Map) new JsonSlurper().parse(main.dir.resolve('archive/inventiv-deployment.json').toFile())
        assert record.result == 'ok' && record.kind == 'main' && record.commit == demo.commit
        assert record.images == built
        assert record.deployed*.environment == ['staging']

        // The registry, read here: :<sha12> and :staging both point at the built digests.
        built.each { String service, String ref ->
            String repository = ref.substring(0, ref.indexOf('@'))
            String digest = ref.substring(ref.indexOf('@') + 1)
            assert check.registryDigest(repository, demo.sha12()) == digest
            assert check.registryDigest(repository, 'staging') == digest
        }
        // The staging host, read here: each release service runs exactly its digest; the host's own service too.
        Map<String, String> running = check.runningImages(demo.services.remoteDir('staging'))
        assert running.subMap(['api', 'worker']) == built
        assert running.cache == demo.cacheImage
        assert check.containerEnv(demo.services.remoteDir('staging'), 'api').contains('API_TOKEN=' + demo.stagingToken)

        // The build page and its files.
        assert main.description.contains('staging: api@') && main.description.contains('on 127.0.0.1')
        assert main.dir.resolve('description').text.trim() == main.description
        String log = main.dir.resolve('log').text
        assert log.contains('[Pipeline] { (Deploy staging)') && log.contains('Lock acquired on [Resource: sample-app/staging]')
        assert log.contains('+ set -f') && log.endsWith('Finished: SUCCESS\n')
        assert DemoIndependentCheck.filesContaining(demo.state.resolve('jenkins'), demo.stagingToken).isEmpty()

        // scripts/demo's line per stage, read from the engine reports each stage read.
        Map<String, String> lines = main.stages.collectEntries { [(it.name): DemoStageSummary.of(it)] }
        assert lines['CI gate'].startsWith('4 of 4 checks passed (security-check, agent-version-check, migrations, shell-syntax)')
        assert lines['Build images'].startsWith(":${demo.sha12()} pushed: api sha256:") && lines['Build images'].endsWith('(buildx, builder default, docker driver)')
        assert lines['Validate staging'].startsWith('profile staging: 9 variables ok')
        assert lines['Deploy staging'].startsWith(':staging → sample-app-api sha256:') && lines['Deploy staging'].contains('ok: release ')
        assert lines['Deploy staging'].endsWith('on root@127.0.0.1 (2 services verified by digest)')
    }

    @Test
    void tagBuildReleasesMainsDigestsWithoutRebuildingAndProductionRunsExactlyWhatProdPointsAt() {
        assert main.ok() && tag != null: "the tag build needs main's: ${main}"
        assert tag.ok(): "${tag}\n${tag.console}"
        assert tag.stages*.name == ['CI gate', 'Wait for main', 'Promote release', 'Approval', 'Deploy production']
        assert tag.reports.every { it.command != 'build' }: 'the tag build built images'
        Map<String, String> built = main.report('build').images.collectEntries { [(it.name): "${it.image}@${it.digest}".toString()] }

        // The approver read production's plan (per service the running and the new digest) and said yes.
        Map approval = demo.jenkins.approvals.find { it.job == 'sample-app/v0.1.0' }
        assert approval.approver == SampleAppDemo.APPROVER
        String message = approval.message
        assert message.startsWith('Deploy sample-app v0.1.0 to production?\nroot@127.0.0.2, nothing deployed yet\n')
        assert !message.contains('null')
        built.each { String service, String ref ->
            assert message.contains("${service}: ") && message.contains(ref.substring(ref.indexOf('@') + 1, ref.indexOf('@') + 20))
        }
        assert tag.console.contains('the demo answers this input, standing in for a person')
        // The first release: no :prod yet (engine digest --labels --allow-missing), so no migration check, and the log says why.
        assert tag.console.contains('inventivPipeline: no :prod image exists yet (') && tag.console.contains('this is the first release')
        assert tag.reports.every { it.command != 'check-migrations' }
        Map record = (Map) new JsonSlurper().parse(tag.dir.resolve('archive/inventiv-deployment.json').toFile())
        assert record.kind == 'release' && record.ref == 'v0.1.0' && record.result == 'ok' && record.approvedBy == SampleAppDemo.APPROVER
        assert record.images == built
        assert record.deployed*.environment == ['production']

        // The registry, read here: :v0.1.0 and :prod point at main's digests.
        built.each { String service, String ref ->
            String repository = ref.substring(0, ref.indexOf('@'))
            String digest = ref.substring(ref.indexOf('@') + 1)
            assert check.registryDigest(repository, 'v0.1.0') == digest
            assert check.registryDigest(repository, 'prod') == digest
        }
        // The production host, its own compose project on the shared dockerd, runs them with production's secret.
        Map<String, String> running = check.runningImages(demo.services.remoteDir('production'))
        assert running.subMap(['api', 'worker']) == built
        List<String> env = check.containerEnv(demo.services.remoteDir('production'), 'api')
        assert env.contains('API_TOKEN=' + demo.productionToken) && env.contains('RUST_LOG=warn')
        assert check.runningImages(demo.services.remoteDir('staging')).subMap(['api', 'worker']) == built
        assert tag.description.contains('production: api@') && tag.description.endsWith(' on 127.0.0.2')
        for (String secret : [demo.stagingToken, demo.productionToken]) {
            assert DemoIndependentCheck.filesContaining(demo.state.resolve('jenkins'), secret).isEmpty()
        }
    }

    @Test
    void operationsStatusOfProductionShowsWhatTheHostRunsOnTheRealEngine() {
        assert tag?.ok() && status != null: "the status needs a deployed production: ${tag}"
        assert status.ok(): "${status}\n${status.console}"
        assert status.description == 'status production'
        Map report = status.report('status')
        assert report.environment == 'production' && report.hosts*.host == ['127.0.0.2']
        Map<String, String> built = main.report('build').images.collectEntries { [(it.name): "${it.image}@${it.digest}".toString()] }
        Map<String, String> running = check.runningImages(demo.services.remoteDir('production'))
        for (Map c : (List<Map>) report.hosts[0].containers) {
            if (c.service in ['api', 'worker']) {
                assert c.state == 'running'
                assert c.digests.contains(built[c.service]) && running[c.service] == built[c.service]
            }
        }
        assert ((List<Map>) report.hosts[0].containers)*.service.containsAll(['api', 'worker', 'cache'])
        // The job echoes what each host runs, from the same report.
        assert status.console.contains('127.0.0.2 api running')
        assert status.dir.resolveSibling('Jenkinsfile.operations').text.contains("profile: 'deploy/production.yaml'")
    }
}
