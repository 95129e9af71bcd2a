package io.inventiv.pipeline.jenkinstest.steps

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.testsupport.DockerDaemon
import io.inventiv.pipeline.testsupport.Processes
import io.inventiv.pipeline.testsupport.RegistryServer
import io.inventiv.pipeline.testsupport.SshServer
import org.junit.AfterClass
import org.junit.Before
import org.junit.BeforeClass
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * remoteUpdate and remoteRollback on the real engine jar, through the real sh and a real ssh-agent,
 * against a real sshd whose sessions reach the test dockerd, pulling from a local registry: the
 * step's Map is compared with the containers the host runs.
 */
class RemoteUpdateOnTheRealEngineTest extends PipelineTestBase {
    static final String SECRET = 'greeting-s3cret-value'
    static final String CONNECTION = "profile: 'staging.yaml', sshCredentialsId: 'staging-ssh', settings: [APP_HOST: '127.0.0.1', APP_PORT: port]"

    static RegistryServer registry
    static SshServer sshd
    static Path work
    static String apiV1
    static String apiV2
    static String workerV1

    Path project

    @BeforeClass
    static void startServices() {
        registry = RegistryServer.start()
        work = Files.createTempDirectory(Path.of('/tmp'), 'library-remote')
        Path hostDockerConfig = Files.createDirectories(work.resolve('host-docker-config'))
        sshd = SshServer.start([DOCKER_HOST: DockerDaemon.shared().host(), DOCKER_CONFIG: hostDockerConfig.toString()])
        apiV1 = image('app-api', 'v1')
        apiV2 = image('app-api', 'v2')
        workerV1 = image('app-worker', 'v1')
    }

    @AfterClass
    static void stopServices() {
        sshd?.close()
        registry?.close()
        if (work != null) {
            Processes.deleteTree(work)
        }
    }

    /** The profile and its compose file in the workspace; a fresh compose project on the "host". */
    @Before
    void profileAndCredentials() {
        project = Files.createTempDirectory(work, 'proj')
        Files.writeString(agent.workspace.resolve('docker-compose.yml'), '''services:
  api:
    image: ${API_IMAGE}
    network_mode: none
    stop_grace_period: 2s
    environment:
      GREETING: ${GREETING:-none}
  worker:
    image: ${WORKER_IMAGE}
    network_mode: none
    stop_grace_period: 2s
''')
        Files.writeString(agent.workspace.resolve('staging.yaml'), """name: staging
variables:
  APP_HOST: { kind: setting, format: host }
  APP_PORT: { kind: setting, format: port }
  APP_GREETING: { kind: secret, composeKey: GREETING }
  APP_SSH_KEY: { kind: ssh-key }
ssh:
  hosts: ["\${APP_HOST}"]
  port: "\${APP_PORT}"
  userCandidates: [root]
  hostKey: "${sshd.hostKeyLine()}"
remote:
  dir: ${project}
  composeFile: docker-compose.yml
release:
  api: { image: "${registry.host()}/app-api", envKey: API_IMAGE }
  worker: { image: "${registry.host()}/app-worker", envKey: WORKER_IMAGE }
""")
        credentials.sshUserPrivateKey('staging-ssh', 'root', Files.readString(sshd.clientKey()))
        credentials.secretText('app-greeting', SECRET)
        binding.setVariable('port', String.valueOf(sshd.port()))
        binding.setVariable('apiV1', apiV1)
        binding.setVariable('apiV2', apiV2)
        binding.setVariable('workerV1', workerV1)
    }

    @Test
    void remoteUpdateDeploysTheReleaseAndReturnsEachHostsVerifiedDigests() {
        Map result = (Map) runPipeline("""
node {
  remoteUpdate(${CONNECTION}, images: [api: apiV1, worker: workerV1], build: 'app-main-7')
}
""")
        assert result.result == 'ok'
        assert result.kind == 'deploy'
        assert result.environment == 'staging'
        assert result.releaseId ==~ /[0-9a-f]{16}/
        assert result.services == [api: apiV1, worker: workerV1]
        assert result.hosts.size() == 1
        Map host = result.hosts[0]
        assert host.host == '127.0.0.1' && host.user == 'root' && host.result == 'ok' && host.exitCode == 0
        assert host.verified == ["api ${apiV1}".toString(), "worker ${workerV1}".toString()]
        // What the host runs, read from its dockerd without the engine.
        assert containerImage('api') == apiV1
        assert containerImage('worker') == workerV1
        assert containerEnv('api').contains('GREETING=' + SECRET)
        // validate-env twice (which variables are secrets, then with them bound), then deploy.
        assert agent.shScripts.count { it.contains('$INVENTIV_ARGS') } == 3
        assert sshd.handshakes() >= 1
        assertNoSecretLeaked(result)
    }

    @Test
    void remoteRollbackRedeploysThePreviousRelease() {
        Map result = (Map) runPipeline("""
Map out = [:]
node {
  out.first = remoteUpdate(${CONNECTION}, images: [api: apiV1, worker: workerV1], build: 'app-main-7')
  out.second = remoteUpdate(${CONNECTION}, images: [api: apiV2, worker: workerV1], build: 'app-main-8')
  out.back = remoteRollback(${CONNECTION}, build: 'app-main-8-rollback')
}
out
""")
        assert result.first.result == 'ok' && result.second.result == 'ok'
        assert result.second.releaseId != result.first.releaseId
        assert containerImage('api') == apiV1
        Map back = result.back
        assert back.result == 'ok'
        assert back.kind == 'rollback'
        assert back.releaseId == result.first.releaseId
        assert back.services == [api: apiV1, worker: workerV1]
        assert back.hosts[0].verified == ["api ${apiV1}".toString(), "worker ${workerV1}".toString()]
        assertNoSecretLeaked(result)
    }

    @Test
    void aDeployWhoseHealthCheckFailsRollsBackAndTheTagGoesBackOnTheRegistry() {
        // Healthy while the marker file is in the remote directory; rollback auto (the default).
        Files.writeString(agent.workspace.resolve('staging.yaml'), agent.workspace.resolve('staging.yaml').text +
                'hooks:\n  healthCheck: "test -e healthy"\ntimeouts: { health: 3s }\n')
        Files.writeString(project.resolve('healthy'), '')
        binding.setVariable('project', project.toString())
        Map result = (Map) runPipeline("""
Map out = [:]
node {
  promoteByDigest(source: [apiV1, workerV1], tag: 'staging')
  out.first = remoteUpdate(${CONNECTION}, images: [api: apiV1, worker: workerV1], build: 'app-main-7')
  withEnv(['PROJECT=' + project]) {
    sh 'rm "\$PROJECT/healthy"'
  }
  Map promoted = promoteByDigest(source: [apiV2, workerV1], tag: 'staging')
  out.deployed = remoteUpdate(${CONNECTION}, images: [api: apiV2, worker: workerV1], build: 'app-main-8', returnFailure: true)
  out.decision = io.inventiv.pipeline.jenkins.TagBack.decide('staging', promoted, out.deployed)
  promoteByDigest(source: out.decision.sources, tag: 'staging')
}
out
""")
        assert result.first.result == 'ok' && result.first.hosts[0].running == 'new'
        Map deployed = result.deployed
        assert deployed.exitCode == 1 && deployed.result == 'rolled-back'
        assert deployed.hosts[0].result == 'rolled-back' && deployed.hosts[0].running == 'previous'
        assert containerImage('api') == apiV1: 'the host rolled back'
        assert result.decision.sources == [apiV1, workerV1]
        assert result.decision.message == ':staging is back on the previous images, which every host runs again ' +
                '(127.0.0.1 runs the previous release (rolled-back))'
        // Read back from the registry without the engine: :staging is v1's manifest again.
        assert registryDigest('app-api', 'staging') == apiV1.substring(apiV1.indexOf('@') + 1)
        assert registryDigest('app-worker', 'staging') == workerV1.substring(workerV1.indexOf('@') + 1)
        assertNoSecretLeaked(result)
    }

    @Test
    void aDeployWhoseHealthCheckFailsWithRollbackOffLeavesTheTagOnTheImagesTheHostRuns() {
        Files.writeString(agent.workspace.resolve('staging.yaml'), agent.workspace.resolve('staging.yaml').text +
                'hooks:\n  healthCheck: "test -e healthy"\nrollback: "off"\ntimeouts: { health: 3s }\n')
        Files.writeString(project.resolve('healthy'), '')
        binding.setVariable('project', project.toString())
        Map result = (Map) runPipeline("""
Map out = [:]
node {
  promoteByDigest(source: [apiV1, workerV1], tag: 'prod')
  remoteUpdate(${CONNECTION}, images: [api: apiV1, worker: workerV1], build: 'v0.1.0')
  withEnv(['PROJECT=' + project]) {
    sh 'rm "\$PROJECT/healthy"'
  }
  Map promoted = promoteByDigest(source: [apiV2, workerV1], tag: 'prod')
  out.deployed = remoteUpdate(${CONNECTION}, images: [api: apiV2, worker: workerV1], build: 'v0.2.0', returnFailure: true)
  out.decision = io.inventiv.pipeline.jenkins.TagBack.decide('prod', promoted, out.deployed)
}
out
""")
        Map deployed = result.deployed
        assert deployed.exitCode == 1 && deployed.hosts[0].result == 'failed' && deployed.hosts[0].running == 'new'
        assert containerImage('api') == apiV2: 'rollback off: the new release stays'
        assert result.decision.sources == []
        assert result.decision.message.startsWith(':prod stays on the new images (what the deploy put there): not every host is back ' +
                'on the previous release: 127.0.0.1 runs the new release (failed, not rolled back).')
        assert registryDigest('app-api', 'prod') == apiV2.substring(apiV2.indexOf('@') + 1): ':prod names what the host runs'
    }

    /** sha256 of the manifest bytes the registry serves for the tag, computed here. */
    private static String registryDigest(String name, String tag) {
        HttpURLConnection c = (HttpURLConnection) new URL("${registry.baseUrl()}/v2/${name}/manifests/${tag}").openConnection()
        c.setRequestProperty('Accept', 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, ' +
                'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
        return 'sha256:' + MessageDigest.getInstance('SHA-256').digest(c.inputStream.bytes).encodeHex().toString()
    }

    private String containerImage(String service) {
        return docker('inspect', '-f', '{{.Config.Image}}', containerId(service)).trim()
    }

    private String containerEnv(String service) {
        return docker('inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', containerId(service))
    }

    /** The compose project is the remote directory's name, lower-cased, letters and digits only. */
    private String containerId(String service) {
        String name = project.fileName.toString().toLowerCase().replaceAll('[^a-z0-9]', '')
        String id = docker('ps', '-q', '--filter', "label=com.docker.compose.project=${name}",
                '--filter', "label=com.docker.compose.service=${service}").trim()
        assert id ==~ /[0-9a-f]+/ : "one running ${service} container in ${name}"
        return id
    }

    /** A tiny FROM scratch image pushed to the registry and removed locally (the deploy must pull it). */
    private static String image(String repo, String marker) {
        Path ctx = Files.createTempDirectory(work, 'img')
        Files.writeString(ctx.resolve('version'), marker + '\n')
        Files.copy(Path.of('/bin/busybox'), ctx.resolve('busybox'))
        Files.writeString(ctx.resolve('Dockerfile'), '''FROM scratch
COPY version /version
COPY busybox /bin/busybox
CMD ["/bin/busybox","sh","-c","/bin/busybox cat /version; trap 'exit 0' TERM; while :; do /bin/busybox sleep 1; done"]
''')
        String tag = "${registry.host()}/${repo}:${marker}"
        docker('build', '-q', '--network', 'none', '-t', tag, ctx.toString())
        docker('push', tag)
        String reference = docker('image', 'inspect', '-f', '{{index .RepoDigests 0}}', tag).trim()
        docker('image', 'rm', tag)
        return reference
    }

    private static String docker(String... args) {
        List<String> argv = ['/usr/bin/docker', '-H', DockerDaemon.shared().host()]
        argv.addAll(args)
        return Processes.run(argv)
    }
}
