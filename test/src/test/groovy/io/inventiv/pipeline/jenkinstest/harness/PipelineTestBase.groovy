package io.inventiv.pipeline.jenkinstest.harness

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever
import org.junit.After
import org.junit.Before

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

/**
 * Base of every library test: the repository root loaded as the shared library (vars/, src/,
 * resources/ from disk, CPS-transformed as Jenkins does), the Jenkins steps registered once as
 * stand-ins that behave like Jenkins (real {@code sh}, real {@code ssh-agent}, contexts enforced),
 * and a Jenkinsfile run through the stepping runner of {@link JenkinsLikeCpsHelper}.
 */
abstract class PipelineTestBase extends BasePipelineTestCPS {
    static final Path REPO_ROOT = Paths.get(System.getProperty('inventiv.repo.root', '.')).toAbsolutePath().normalize()
    static final Path ENGINE_JAR = Paths.get(System.getProperty('inventiv.engine.jar',
            REPO_ROOT.resolve('engine/target/inventiv-pipeline.jar').toString())).toAbsolutePath().normalize()
    /** The agents' engine cache, shared by the tests of one run (mvn clean removes it). */
    static final Path AGENT_CACHE = REPO_ROOT.resolve('test/target/agent-cache')

    JenkinsLikeCpsHelper harness
    JenkinsStandInAgent agent
    JenkinsStandInCredentials credentials = new JenkinsStandInCredentials()
    Path testDir
    /** Answers {@code input} gives, in order; an empty queue means the input was aborted. */
    List<Object> inputAnswers = []
    final List<Map> junitCalls = []
    final Map<String, String> tools = [:]
    private int scriptCount

    PipelineTestBase() {
        helper = harness = new JenkinsLikeCpsHelper()
    }

    @Before
    void setUpHarness() {
        testDir = Files.createTempDirectory('jenkins-test')
        Path scripts = Files.createDirectories(testDir.resolve('jenkinsfiles'))
        agent = new JenkinsStandInAgent(workspaceDir(), REPO_ROOT)
        scriptRoots = [scripts.toString()] as String[]
        scriptExtension = 'groovy'
        baseScriptRoot = scripts.toString()
        helper.registerSharedLibrary(library().name('inventiv-pipeline')
                .defaultVersion('main')
                .allowOverride(false)
                .implicit(true)
                .targetPath(REPO_ROOT.toString())
                .retriever(repositoryRoot())
                .build())
        super.setUp()
        harness.allowedMethodCallbacks.clear()
        registerJenkinsSteps()
        binding.setVariable('env', new JenkinsStandInEnv(agent))
        // The agent has the engine pre-installed, as an operator would set INVENTIV_ENGINE_JAR, a
        // JDK in JAVA_HOME (inventivEngine never takes java from PATH), and the engine cache of
        // this test run (not the user's ~/.cache): vars/inventivEngine checks the jar's version once.
        agent.agentEnv.put('INVENTIV_ENGINE_JAR', ENGINE_JAR.toString())
        agent.agentEnv.put('JAVA_HOME', System.getProperty('java.home'))
        agent.agentEnv.put('INVENTIV_ENGINE_CACHE', Files.createDirectories(AGENT_CACHE).toString())
        binding.setVariable('params', new HashMap())
        binding.setVariable('currentBuild', new HashMap([result: null, number: 7, description: null]))
    }

    /** The build's workspace; the demo Jenkins puts each job's under its state directory. */
    protected Path workspaceDir() {
        return testDir.resolve('workspace')
    }

    @After
    void cleanUpHarness() {
        testDir?.toFile()?.deleteDir()
        Path tmp = agent?.workspace?.resolveSibling('workspace@tmp')
        tmp?.toFile()?.deleteDir()
    }

    /** The repository root itself is the library (Jenkins checks the library out at the root). */
    private static SourceRetriever repositoryRoot() {
        return new SourceRetriever() {
            @Override
            List<URL> retrieve(String repository, String branch, String targetPath) {
                return [REPO_ROOT.toUri().toURL()]
            }
        }
    }

    /**
     * Runs {@code jenkinsfile} as the pipeline script. Fails the test when the program held a
     * non-serializable value across a step or a step returned a non-plain value, even if the
     * program caught the error.
     */
    Object runPipeline(String jenkinsfile) {
        Path file = Paths.get(baseScriptRoot).resolve("Jenkinsfile${++scriptCount}.groovy")
        Files.writeString(file, jenkinsfile, StandardCharsets.UTF_8)
        try {
            return runScript(file.fileName.toString())
        } finally {
            if (!harness.violations.isEmpty()) {
                throw new AssertionError((Object) "harness violations: ${harness.violations}")
            }
        }
    }

    /** Runs the Jenkinsfile and returns the exception the build failed with (there must be one). */
    Throwable runPipelineExpectingFailure(String jenkinsfile) {
        try {
            runPipeline(jenkinsfile)
        } catch (AssertionError e) {
            if (e.message?.startsWith('harness violations')) {
                throw e
            }
            return e
        } catch (Throwable t) {
            return t
        }
        throw new AssertionError('the build was expected to fail and did not')
    }

    /** The library's steps: the names of vars/*.groovy. */
    static List<String> stepNames() {
        List<String> names = REPO_ROOT.resolve('vars').toFile().list().findAll { it.endsWith('.groovy') }
                .collect { it - '.groovy' }
        return names.sort()
    }

    /** A step's argument specification from the library's StepSpecs (null when the step keeps its own). */
    Map<String, Map> specOf(String step) {
        runPipeline('null')
        return (Map<String, Map>) harness.libraryClass('io.inventiv.pipeline.jenkins.StepSpecs').forStep(step)
    }

    /** Makes {@code engine} the engine every step of this test runs. */
    ScriptedEngine scriptedEngine(String stdout, int exitCode, String stderr = '') {
        return scriptedEngine(['*': [stdout, exitCode, stderr]])
    }

    /** An engine answering per command: command (or '*') to [stdout, exitCode, stderr]. */
    ScriptedEngine scriptedEngine(Map<String, List> answers) {
        ScriptedEngine engine = new ScriptedEngine(Files.createTempDirectory(testDir, 'engine'), answers)
        standInForLibraryStep('inventivEngine') { Map m -> engine.engineMap() }
        return engine
    }

    /** Replaces a library step (e.g. one another step calls) with a stand-in for this test. */
    void standInForLibraryStep(String name, Closure standIn) {
        harness.libraryStepStandIns[name] = standIn
    }

    protected void step(String name, List<Class> types, Closure callback) {
        helper.registerAllowedMethod(name, types, callback)
    }

    protected Object body(Closure c) {
        return helper.callClosure(c)
    }

    protected void registerJenkinsSteps() {
        step('node', [Closure]) { Closure c -> inNode(c) }
        step('node', [String, Closure]) { String label, Closure c -> inNode(c) }
        step('stage', [String, Closure]) { String name, Closure c -> agent.log("[Pipeline] stage (${name})"); body(c) }
        step('timeout', [Map, Closure]) { Map m, Closure c -> body(c) }
        step('withEnv', [List, Closure]) { List vars, Closure c ->
            Map<String, String> overlay = [:]
            for (v in vars) {
                String s = v.toString()
                int eq = s.indexOf('=')
                if (eq < 1) {
                    throw new JenkinsStandInAbortException("withEnv: ${s} is not NAME=value")
                }
                overlay[s.substring(0, eq)] = s.substring(eq + 1)
            }
            agent.withOverlay(overlay) { body(c) }
        }
        step('dir', [String, Closure]) { String d, Closure c ->
            agent.requireNode('dir')
            Path p = agent.resolve(d)
            Files.createDirectories(p)
            agent.inDir(p) { body(c) }
        }
        step('sh', [Object]) { arg -> agent.sh(arg instanceof Map ? (Map) arg : [script: arg]) }
        step('echo', [Object]) { msg -> agent.echoed.add(String.valueOf(msg)); agent.log(String.valueOf(msg)) }
        step('error', [Object]) { msg ->
            agent.errors.add(String.valueOf(msg))
            agent.log("ERROR: ${msg}")
            throw new JenkinsStandInAbortException(String.valueOf(msg))
        }
        step('isUnix', []) { -> true }
        step('pwd', []) { -> agent.requireNode('pwd'); agent.currentDir().toString() }
        step('pwd', [Map]) { Map m -> agent.requireNode('pwd'); (m.tmp ? agent.tmpDir() : agent.currentDir()).toString() }
        step('readFile', [String]) { String f -> agent.requireNode('readFile'); readWorkspaceFile(f) }
        step('readFile', [Map]) { Map m -> agent.requireNode('readFile'); readWorkspaceFile((String) m.file) }
        step('writeFile', [Map]) { Map m ->
            agent.requireNode('writeFile')
            Path p = agent.resolve((String) m.file)
            Files.createDirectories(p.parent)
            Files.writeString(p, (String) m.text, StandardCharsets.UTF_8)
            null
        }
        step('fileExists', [String]) { String f -> agent.requireNode('fileExists'); Files.exists(agent.resolve(f)) }
        step('deleteDir', []) { -> agent.requireNode('deleteDir'); agent.currentDir().toFile().deleteDir(); null }
        step('libraryResource', [String]) { String r -> libraryResource(r) }
        step('libraryResource', [Map]) { Map m -> libraryResource((String) m.resource) }
        step('tool', [String]) { String name -> toolHome(name) }
        step('tool', [Map]) { Map m -> toolHome((String) m.name) }
        step('junit', [Object]) { arg -> junit(arg instanceof Map ? (Map) arg : [testResults: arg]) }
        step('input', [Object]) { arg -> input(arg) }
        step('lock', [Object, Closure]) { arg, Closure c ->
            agent.requireNoNode('lock')
            agent.lockDepth++
            try {
                body(c)
            } finally {
                agent.lockDepth--
            }
        }
        step('milestone', []) { -> null }
        step('usernamePassword', [Map]) { Map m -> new HashMap(m + ['$class': 'usernamePassword']) }
        step('string', [Map]) { Map m -> new HashMap(m + ['$class': 'string']) }
        step('file', [Map]) { Map m -> new HashMap(m + ['$class': 'file']) }
        step('sshUserPrivateKey', [Map]) { Map m -> new HashMap(m + ['$class': 'sshUserPrivateKey']) }
        step('withCredentials', [List, Closure]) { List bindings, Closure c -> withCredentials(bindings, c) }
        step('sshagent', [List, Closure]) { List ids, Closure c ->
            JenkinsStandInSshAgent.run(ids.collect { it.toString() }, agent, credentials) { body(c) }
        }
        step('sshagent', [Map, Closure]) { Map m, Closure c ->
            JenkinsStandInSshAgent.run(((List) m.credentials).collect { it.toString() }, agent, credentials) { body(c) }
        }
    }

    protected Object inNode(Closure c) {
        if (agent.nodeDepth > 0) {
            throw new AssertionError('node inside node: a second executor for one build')
        }
        agent.nodeDepth++
        try {
            return body(c)
        } finally {
            agent.nodeDepth--
        }
    }

    protected String readWorkspaceFile(String f) {
        Path p = agent.resolve(f)
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(p.toString())
        }
        return Files.readString(p, StandardCharsets.UTF_8)
    }

    protected static String libraryResource(String r) {
        Path p = REPO_ROOT.resolve('resources').resolve(r).normalize()
        if (!p.startsWith(REPO_ROOT.resolve('resources')) || !Files.isRegularFile(p)) {
            throw new JenkinsStandInAbortException("No such library resource ${r} could be found.")
        }
        return Files.readString(p, StandardCharsets.UTF_8)
    }

    protected String toolHome(String name) {
        String home = tools[name]
        if (home == null) {
            throw new JenkinsStandInAbortException("No tool named ${name} found")
        }
        return home
    }

    protected Object junit(Map m) {
        agent.requireNode('junit')
        junitCalls.add(new HashMap(m))
        String pattern = (String) m.testResults
        def matcher = agent.currentDir().fileSystem.getPathMatcher("glob:${pattern}")
        List<Path> found = []
        def paths = Files.walk(agent.currentDir())
        try {
            found = paths.filter { Files.isRegularFile(it) && matcher.matches(agent.currentDir().relativize(it)) }.toList()
        } finally {
            paths.close()
        }
        if (found.isEmpty() && m.allowEmptyResults != true) {
            throw new JenkinsStandInAbortException('No test report files were found. Configuration error?')
        }
        return null
    }

    protected Object input(Object arg) {
        agent.requireNoNode('input')
        if (inputAnswers.isEmpty()) {
            throw new org.jenkinsci.plugins.workflow.steps.FlowInterruptedException('input aborted')
        }
        return inputAnswers.remove(0)
    }

    protected Object withCredentials(List bindings, Closure c) {
        agent.requireNode('withCredentials')
        Path secretDir = Files.createTempDirectory(agent.tmpDir(), 'secretFiles')
        try {
            Map<String, String> vars = [:]
            for (b in bindings) {
                vars.putAll(credentials.bind((Map) b, secretDir, agent))
            }
            return agent.withOverlay(vars) { body(c) }
        } finally {
            secretDir.toFile().deleteDir()
        }
    }

    /** Everything a secret must not reach: echo, error messages, the console log. */
    void assertNoSecretLeaked(Object returned = null) {
        for (secret in agent.secretsBound) {
            assert !agent.echoed.any { it.contains(secret) }: 'a secret reached echo'
            assert !agent.errors.any { it.contains(secret) }: 'a secret reached error'
            assert !agent.console.toString().contains(secret): 'a secret reached the console log'
            assert !String.valueOf(returned).contains(secret): 'a secret reached the returned value'
        }
    }
}
