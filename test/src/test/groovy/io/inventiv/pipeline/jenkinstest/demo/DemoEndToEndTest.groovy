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

    @BeforeClass
    static void runTheDemo() {
        demo = new SampleAppDemo(Files.createTempDirectory(Path.of('/tmp'), 'demo-e2e')).setUp()
        check = new DemoIndependentCheck(demo.services)
        main = demo.mainBuild()
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
    }
}
