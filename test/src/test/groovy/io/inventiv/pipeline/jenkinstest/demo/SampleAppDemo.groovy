package io.inventiv.pipeline.jenkinstest.demo

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.testsupport.Arm64Busybox
import io.inventiv.pipeline.testsupport.Processes

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.SecureRandom

/**
 * The sample app's jobs on the demo Jenkins, as scripts/demo and the end-to-end tests run them:
 * the app repository (examples/sample-app committed on main, tag v0.1.0), the controller's
 * credentials (the ids the sample Jenkinsfile and examples/jenkins.yaml use) and node properties
 * (the profiles' settings), then the main build, the tag build and an operations action.
 */
class SampleAppDemo implements AutoCloseable {
    static final String APP = 'sample-app'
    static final String RELEASE_TAG = 'v0.1.0'
    static final String APPROVER = 'alice'
    static final Path ROOT = PipelineTestBase.REPO_ROOT

    final Path state
    final DemoServices services
    final Path app
    DemoJenkins jenkins
    String commit
    String imageRepo
    String cacheImage
    /** The profiles' secrets, distinct per environment (the credentials hold them; the tests look for leaks). */
    final String stagingToken = token()
    final String productionToken = token()
    Closure stageListener

    SampleAppDemo(Path state) {
        this.state = Files.createDirectories(state)
        this.services = new DemoServices(state.resolve('services'))
        this.app = state.resolve('app')
    }

    private static String token() {
        byte[] b = new byte[18]
        new SecureRandom().nextBytes(b)
        return Base64.urlEncoder.encodeToString(b)
    }

    SampleAppDemo startServices() {
        services.start()
        imageRepo = "${services.registry.host()}/inventiv-demo/sample-app"
        cacheImage = "${services.registry.host()}/inventiv-demo/cache:1.0"
        return this
    }

    /** examples/sample-app in a fresh git repository: one commit on main, as the app's remote holds it. */
    SampleAppDemo createAppRepository() {
        Files.createDirectories(app)
        Processes.run(['cp', '-a', ROOT.resolve('examples/sample-app').toString() + '/.', app.toString()])
        Files.createDirectories(app.resolve('vendor'))
        Files.copy(Arm64Busybox.binary(), app.resolve('vendor/busybox-arm64'), StandardCopyOption.REPLACE_EXISTING)
        git('init', '-q', '-b', 'main')
        git('add', '-A')
        git('commit', '-q', '-m', 'sample app')
        commit = git('rev-parse', 'HEAD').trim()
        return this
    }

    String sha12() {
        return commit.substring(0, 12)
    }

    private String git(String... args) {
        List<String> argv = ['git', '-C', app.toString(), '-c', 'user.name=inventiv demo', '-c', 'user.email=demo@localhost',
                             '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false']
        argv.addAll(args)
        return Processes.run(argv)
    }

    /**
     * The host's own service (the team's postgres or proxy), which the release does not own and a
     * deploy must leave running: pushed once, before any job runs, as an operator would.
     */
    SampleAppDemo pushHostService() {
        services.docker('build', '-q', '--platform', 'linux/arm64', '--network', 'none', '--target', 'cache',
                '-f', app.resolve('docker/Dockerfile').toString(), '-t', cacheImage, app.toString())
        services.docker('push', '-q', cacheImage)
        return this
    }

    /** The controller: credentials by id, the profiles' settings as global node properties, the approver. */
    SampleAppDemo configureJenkins() {
        jenkins = new DemoJenkins(state.resolve('jenkins'), app, APPROVER)
        // The demo registry takes anyone; the ids are bound as on a real controller all the same.
        jenkins.credentials.usernamePassword('ghcr-push', 'demo-pusher', token())
        jenkins.credentials.usernamePassword('ghcr-pull', 'demo-puller', token())
        jenkins.credentials.sshUserPrivateKey('staging-ssh', 'root', services.staging.clientKey().text)
        jenkins.credentials.sshUserPrivateKey('production-ssh', 'root', services.production.clientKey().text)
        jenkins.credentials.secretText('demo-api-token', stagingToken)
        jenkins.credentials.secretText('prod-demo-api-token', productionToken)
        jenkins.nodeProperties.putAll([
                // The agent: docker reaches the demo's dockerd, with real buildx in its client config.
                DOCKER_HOST          : services.dockerHost(),
                DOCKER_CONFIG        : services.agentDockerConfig.toString(),
                INVENTIV_DOCKER      : '/usr/bin/docker',
                NO_PROXY             : '127.0.0.1,127.0.0.2,localhost',
                no_proxy             : '127.0.0.1,127.0.0.2,localhost',
                IMAGE_REPO           : imageRepo,
                // staging's settings
                DEMO_REMOTE_PORT     : String.valueOf(services.staging.port()),
                DEMO_HOST_KEY        : services.staging.hostKeyLine(),
                DEMO_REMOTE_DIR      : services.remoteDir('staging').toString(),
                DEMO_CACHE_IMAGE     : cacheImage,
                DEMO_RUST_LOG        : 'info',
                // production's settings
                PROD_DEMO_REMOTE_PORT: String.valueOf(services.production.port()),
                PROD_DEMO_HOST_KEY   : services.production.hostKeyLine(),
                PROD_DEMO_REMOTE_DIR : services.remoteDir('production').toString(),
                PROD_DEMO_CACHE_IMAGE: cacheImage,
                PROD_DEMO_RUST_LOG   : 'warn',
        ])
        return this
    }

    /** Everything before the first build. */
    SampleAppDemo setUp() {
        return startServices().createAppRepository().pushHostService().configureJenkins()
    }

    String jenkinsfile() {
        return app.resolve('Jenkinsfile').text
    }

    /** sample-app/main, as a multibranch project builds a push to main. */
    DemoBuildResult mainBuild() {
        return jenkins.build("${APP}/main", commit, [BRANCH_NAME: 'main'], jenkinsfile(), [:], stageListener)
    }

    /** sample-app/v0.1.0: the tag pushed on main's commit; a tag job has BRANCH_NAME = TAG_NAME. */
    DemoBuildResult tagBuild() {
        if (git('tag', '-l', RELEASE_TAG).trim().isEmpty()) {
            git('tag', '-a', RELEASE_TAG, '-m', "release ${RELEASE_TAG.substring(1)}".toString())
        }
        return jenkins.build("${APP}/${RELEASE_TAG}", commit, [BRANCH_NAME: RELEASE_TAG, TAG_NAME: RELEASE_TAG],
                jenkinsfile(), [:], stageListener)
    }

    /** The sample app's operations job (examples/Jenkinsfile.operations with its constants), a pipeline job with parameters. */
    DemoBuildResult operations(String action, String environment) {
        String script = SampleAppOperationsJob.script(ROOT.resolve('examples/Jenkinsfile.operations').text, imageRepo,
                app.toString())
        Path kept = Files.createDirectories(jenkins.home.resolve("jobs/${APP}-operations")).resolve('Jenkinsfile.operations')
        kept.text = script
        return jenkins.build("${APP}-operations", commit, [:], script,
                [ACTION: action, ENVIRONMENT: environment, TARGET: '', SERVICE: 'api', TAIL: '50'], stageListener)
    }

    @Override
    void close() {
        services.close()
    }
}
