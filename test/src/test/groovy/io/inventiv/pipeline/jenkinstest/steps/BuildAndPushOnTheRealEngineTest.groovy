package io.inventiv.pipeline.jenkinstest.steps

import groovy.json.JsonSlurper
import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.testsupport.Arm64Busybox
import io.inventiv.pipeline.testsupport.Buildx
import io.inventiv.pipeline.testsupport.DockerDaemon
import io.inventiv.pipeline.testsupport.Processes
import io.inventiv.pipeline.testsupport.RegistryServer
import org.junit.AfterClass
import org.junit.Before
import org.junit.BeforeClass
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.MessageDigest

/**
 * buildxBuild and ghcrPush on the real engine jar, through the real sh, with the real buildx plugin
 * against the test dockerd and a local registry: the Map the step returns is compared with what the
 * registry holds, read back over its HTTP API without the engine.
 */
class BuildAndPushOnTheRealEngineTest extends PipelineTestBase {
    // A FROM scratch ARM64 image whose RUN step runs busybox under QEMU.
    static final String DOCKERFILE = '''FROM scratch
COPY bin/busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox uname -m > /arch"]
'''
    static final String MANIFEST_TYPES = 'application/vnd.oci.image.index.v1+json, ' +
            'application/vnd.docker.distribution.manifest.list.v2+json, ' +
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

    static RegistryServer registry
    static Path dockerConfigs

    String commit

    @BeforeClass
    static void startServices() {
        Buildx.plugin()
        DockerDaemon.shared()
        registry = RegistryServer.start()
        dockerConfigs = Files.createTempDirectory('library-docker-config')
    }

    @AfterClass
    static void stopServices() {
        registry?.close()
        if (dockerConfigs != null) {
            Processes.deleteTree(dockerConfigs)
        }
    }

    /** The workspace is a committed checkout; the agent reaches the test dockerd with buildx installed. */
    @Before
    void checkoutAndDocker() {
        Path ws = agent.workspace
        Files.createDirectories(ws.resolve('bin'))
        Files.copy(Arm64Busybox.binary(), ws.resolve('bin/busybox'), StandardCopyOption.REPLACE_EXISTING)
        Files.writeString(ws.resolve('Dockerfile'), DOCKERFILE)
        git(ws, 'init', '-q', '-b', 'main')
        git(ws, 'add', 'Dockerfile', 'bin/busybox')
        git(ws, 'commit', '-q', '-m', 'image')
        commit = git(ws, 'rev-parse', 'HEAD')
        agent.agentEnv.putAll(DockerDaemon.shared().env())
        Path config = Files.createTempDirectory(dockerConfigs, 'cfg')
        agent.agentEnv.put('DOCKER_CONFIG', Buildx.dockerConfig(config).toString())
        agent.agentEnv.put('INVENTIV_DOCKER', '/usr/bin/docker')
        // A CI run of this test must not take the outer build's identity.
        for (String v : ['GIT_COMMIT', 'CHANGE_ID', 'TAG_NAME', 'GIT_BRANCH', 'SOURCE_DATE_EPOCH', 'IMAGE_REPO']) {
            agent.agentEnv.remove(v)
        }
        agent.agentEnv.put('BRANCH_NAME', 'feature-x')
    }

    @Test
    void buildxBuildPushesTheArm64ImageAndReturnsTheDigestTheRegistryHolds() {
        String repository = "${registry.host()}/inventiv/step-built"
        binding.setVariable('repository', repository)
        Map built = (Map) runPipeline('''
node {
  buildxBuild(repository: repository, platforms: ['linux/arm64'], push: true, network: 'none', extraTags: ['edge'])
}
''')
        assert built.images.size() == 1
        Map image = built.images[0]
        String sha12 = commit.substring(0, 12)
        assert image.image == repository  // the repository, under the key the engine writes (buildxBuild.txt)
        assert image.name == 'step-built'
        assert image.tags == [sha12, 'edge']
        assert image.platforms == ['linux/arm64']
        assert image.digest ==~ /sha256:[0-9a-f]{64}/
        for (String tag : [sha12, 'edge']) {
            assert registryDigest('inventiv/step-built', tag) == image.digest
        }
        assert registryPlatforms('inventiv/step-built', image.digest) == ['linux/arm64']
        assert agent.shScripts.every { !it.contains(repository) }
    }

    @Test
    void ghcrPushPushesWhatABuildLeftInTheDaemonAndReturnsTheVerifiedDigest() {
        String repository = "${registry.host()}/inventiv/step-pushed"
        binding.setVariable('repository', repository)
        Map result = (Map) runPipeline('''
node {
  Map local = buildxBuild(repository: repository, platforms: ['linux/arm64'], network: 'none')
  Map pushed = ghcrPush(repository: repository, platforms: ['linux/arm64'])
  [local: local, pushed: pushed]
}
''')
        String sha12 = commit.substring(0, 12)
        assert result.local.images[0].digest == null
        Map image = result.pushed.images[0]
        assert result.pushed.verified == true
        assert image.name == 'step-pushed'
        assert image.image == repository  // the repository, under the key the engine writes (buildxBuild.txt)
        assert image.tags == [sha12]
        assert image.platforms == ['linux/arm64']
        assert registryDigest('inventiv/step-pushed', sha12) == image.digest
        assert registryPlatforms('inventiv/step-pushed', image.digest) == ['linux/arm64']
    }

    /** sha256 of the manifest bytes the registry serves for the tag (not its header: computed here). */
    private static String registryDigest(String name, String reference) {
        HttpURLConnection c = (HttpURLConnection) new URL("${registry.baseUrl()}/v2/${name}/manifests/${reference}")
                .openConnection()
        c.setRequestProperty('Accept', MANIFEST_TYPES)
        if (c.responseCode == 404) {
            return null
        }
        byte[] body = c.inputStream.bytes
        return 'sha256:' + MessageDigest.getInstance('SHA-256').digest(body).encodeHex().toString()
    }

    /** The platforms of the manifest (an index's entries, or a single manifest's config). */
    private static List<String> registryPlatforms(String name, String digest) {
        Map manifest = (Map) json("${registry.baseUrl()}/v2/${name}/manifests/${digest}")
        if (manifest.manifests != null) {
            return manifest.manifests.findAll { it.platform?.os != 'unknown' }
                    .collect { "${it.platform.os}/${it.platform.architecture}".toString() }
        }
        Map config = (Map) json("${registry.baseUrl()}/v2/${name}/blobs/${manifest.config.digest}")
        return ["${config.os}/${config.architecture}".toString()]
    }

    private static Object json(String url) {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection()
        c.setRequestProperty('Accept', MANIFEST_TYPES)
        return new JsonSlurper().parse(c.inputStream.bytes)
    }

    private static String git(Path dir, String... args) {
        List<String> argv = ['git', '-C', dir.toString(), '-c', 'user.name=test', '-c', 'user.email=test@example.invalid',
                             '-c', 'commit.gpgsign=false']
        argv.addAll(args)
        return Processes.run(argv).trim()
    }
}
