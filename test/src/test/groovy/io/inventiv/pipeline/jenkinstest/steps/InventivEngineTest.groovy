package io.inventiv.pipeline.jenkinstest.steps

import com.sun.net.httpserver.HttpServer
import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.After
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * inventivEngine through the harness: the real engine-resolve.sh and launcher under the harness'
 * real sh, the real engine jar, and for the download path a release-asset host on loopback.
 */
class InventivEngineTest extends PipelineTestBase {
    private HttpServer assets

    @After
    void stopAssets() {
        assets?.stop(0)
    }

    @Test
    void onAnAgentWithThePinnedJarPreinstalledTheStepsScriptsRunItThroughTheShippedLauncher() {
        Map result = (Map) runPipeline('''
node {
  def engine = inventivEngine()
  withEnv(engine.env) {
    engine.said = sh(returnStdout: true, script: '"$INVENTIV_ENGINE" --version').trim()
  }
  return engine
}
''')
        assert result.source == 'preinstalled'
        assert result.jar == ENGINE_JAR.toString()
        assert result.javaHome == System.getProperty('java.home')
        assert result.javaVersion == String.valueOf(Runtime.version().feature())
        assert result.said == "inventiv-pipeline ${pinnedVersion()}".toString()
        assert result.launcher.startsWith(AGENT_CACHE.resolve('launchers').toString())
        assert Files.readString(Path.of(result.launcher)) ==
                Files.readString(REPO_ROOT.resolve('resources/io/inventiv/pipeline/engine-launcher.sh'))
        assert result.env.contains("INVENTIV_ENGINE=${result.launcher}".toString())
        assert result.env.contains('INVENTIV_ENGINE_NODE=built-in')
        assert result.env.getClass() == ArrayList
        assert !Files.list(agent.tmpDir()).anyMatch { it.fileName.toString().startsWith('inventiv-engine-') }:
                'the scripts written to the workspace temp dir are gone'
    }

    @Test
    void onAFreshAgentTheReleaseAssetIsDownloadedCheckedAndCachedThenReused() {
        byte[] jar = Files.readAllBytes(ENGINE_JAR)
        String sha = sha256(jar)
        Path cache = Files.createTempDirectory(testDir, 'fresh-agent-cache')
        agent.agentEnv.remove('INVENTIV_ENGINE_JAR')
        String url = serve("/releases/v${pinnedVersion()}/inventiv-pipeline.jar", jar)
        pinEngine(sha, url.replace(pinnedVersion(), '{version}'))

        Map first = (Map) runPipeline("""
node { inventivEngine(cacheDir: '${cache}') }
""")
        Map second = (Map) runPipeline("""
node {
  def engine = inventivEngine(cacheDir: '${cache}')
  withEnv(engine.env) {
    engine.said = sh(returnStdout: true, script: '"\$INVENTIV_ENGINE" --version').trim()
  }
  return engine
}
""")
        assert first.source == 'download'
        assert first.jar == cache.resolve(sha).resolve('inventiv-pipeline.jar').toString()
        assert second.source == 'cache'
        assert second.said == "inventiv-pipeline ${pinnedVersion()}".toString()
    }

    @Test
    void aWrongChecksumStopsTheBuildWithOneLineSayingWhatToDo() {
        agent.agentEnv.remove('INVENTIV_ENGINE_JAR')
        String url = serve('/inventiv-pipeline.jar', 'not the engine'.bytes)
        pinEngine('ab' * 32, url)

        Throwable e = runPipelineExpectingFailure("node { inventivEngine(cacheDir: '${testDir.resolve('cache')}') }")

        assert e.message.startsWith("inventivEngine: the file at ${url} has sha256 ${sha256('not the engine'.bytes)}, but engine.properties pins ${'ab' * 32}")
        assert e.message.contains('fix the mirror or url')
        assert !e.message.contains('\n')
    }

    @Test
    void anUnreleasedLibraryOnAnAgentWithoutAPreinstalledJarSaysWhatToDo() {
        agent.agentEnv.remove('INVENTIV_ENGINE_JAR')
        pinEngine('', 'https://github.com/o/r/releases/download/v{version}/x.jar')

        Throwable e = runPipelineExpectingFailure('node { inventivEngine() }')

        assert e.message == "inventivEngine: this library version (${pinnedVersion()}) pins no released engine " +
                '(engine.properties has no sha256): use a released tag of the library, or set INVENTIV_ENGINE_JAR on the agent ' +
                "to a jar of engine ${pinnedVersion()}"
    }

    @Test
    void aJdkToolIsUsedInsteadOfTheAgentsJavaHome() {
        agent.agentEnv.remove('JAVA_HOME')
        tools['temurin'] = System.getProperty('java.home')

        Map result = (Map) runPipeline("node { inventivEngine(jdk: 'temurin') }")

        assert result.javaHome == System.getProperty('java.home')
    }

    @Test
    void noJavaHomeAndNoJdkToolStopsTheBuildSayingWhatToDo() {
        agent.agentEnv.remove('JAVA_HOME')

        Throwable e = runPipelineExpectingFailure('node { inventivEngine() }')

        assert e.message == "inventivEngine: no Java on this agent: set JAVA_HOME on the agent (node properties) to a JDK 17+, " +
                "or pass jdk: '<JDK tool name>' (Manage Jenkins > Tools)"
    }

    @Test
    void aBlockResolvesOnceAndTheStepsInsideReuseIt() {
        Map result = (Map) runPipeline('''
node {
  inventivEngine {
    def inner = inventivEngine()
    inner.said = sh(returnStdout: true, script: '"$INVENTIV_ENGINE" --version').trim()
    return inner
  }
}
''')
        assert result.source == 'enclosing'
        assert result.said == "inventiv-pipeline ${pinnedVersion()}".toString()
        assert agent.shScripts.count { it.contains('INVENTIV_RESOLVE_SCRIPT') } == 1
    }

    @Test
    void aLibraryStepInsideTheBlockRunsTheRealEngineThroughTheLauncherTheBlockResolved() {
        Map result = (Map) runPipeline('''
node {
  inventivEngine {
    inventivEngineCommand(command: 'validate-env', args: ['--profile', 'staging'], returnFailure: true)
  }
}
''')
        assert result.profile == 'staging'
        assert result.missing.contains('STG_REMOTE_HOST')
        assert agent.shScripts.count { it.contains('INVENTIV_RESOLVE_SCRIPT') } == 1
    }

    @Test
    void onAWindowsAgentItSaysToPickAUnixOne() {
        step('isUnix', []) { -> false }

        Throwable e = runPipelineExpectingFailure('node { inventivEngine() }')

        assert e.message.startsWith('inventivEngine: this agent is not Unix')
        assert agent.shScripts.isEmpty()
    }

    @Test
    void anUnknownKeyIsNamedWithTheValidKeys() {
        Throwable e = runPipelineExpectingFailure("node { inventivEngine(jdkTool: 'x') }")

        assert e.message == "inventivEngine: unknown argument 'jdkTool'; valid arguments: cacheDir, jdk, url"
        assert agent.shScripts.isEmpty()
    }

    @Test
    void aWrongTypeNamesTheKeyAndTheTypeExpected() {
        Throwable e = runPipelineExpectingFailure('node { inventivEngine(url: 8080) }')

        assert e.message == "inventivEngine: argument 'url' must be a String, not Integer; " +
                "e.g. url: 'https://mirror.example.com/inventiv-pipeline-{version}.jar'"
        assert agent.shScripts.isEmpty()
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static String pinnedVersion() {
        Properties p = new Properties()
        p.load(new StringReader(Files.readString(REPO_ROOT.resolve('resources/io/inventiv/pipeline/engine.properties'))))
        return p.getProperty('version')
    }

    /** engine.properties as a released library version would ship it (the rest of resources/ from disk). */
    private void pinEngine(String sha, String url) {
        String pinned = "version=${pinnedVersion()}\nsha256=${sha}\nurl=${url}\n"
        step('libraryResource', [String]) { String r ->
            r == 'io/inventiv/pipeline/engine.properties' ? pinned : libraryResource(r)
        }
    }

    private String serve(String path, byte[] body) {
        assets = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        assets.createContext('/') { exchange ->
            boolean found = exchange.requestURI.path == path
            byte[] answer = found ? body : 'Not Found'.bytes
            exchange.sendResponseHeaders(found ? 200 : 404, answer.length)
            exchange.responseBody.write(answer)
            exchange.close()
        }
        assets.start()
        return "http://127.0.0.1:${assets.address.port}${path}".toString()
    }

    private static String sha256(byte[] bytes) {
        return MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
    }
}
