package io.inventiv.pipeline.jenkinstest.demo

import com.lesfurets.jenkins.unit.MethodSignature
import groovy.json.JsonSlurper
import io.inventiv.pipeline.jenkinstest.harness.JenkinsStandInAbortException
import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.testsupport.Processes

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * One build of one job of the demo Jenkins: the test harness (the same step stand-ins every
 * library test uses: real sh, real ssh-agent, credentials, contexts enforced) plus what a
 * controller adds around a Jenkinsfile: the SCM checkout at the build's ref, the multibranch
 * environment, {@code input} answered by the demo's approver, locks and milestones shared by the
 * controller's builds, archived artifacts, and a console log in Jenkins' style. Every engine
 * report a step reads is kept in the build's directory.
 */
class DemoBuild extends PipelineTestBase {
    /** Steps Jenkins does not show as "[Pipeline] name" (argument builders, not steps). */
    static final Set<String> UNLOGGED = ['usernamePassword', 'string', 'file', 'sshUserPrivateKey', 'buildDiscarder',
                                         'logRotator', 'disableConcurrentBuilds', 'choice', 'parameters'] as Set

    final DemoJenkins jenkins
    final String job
    final int number
    final Path buildDir
    final String commit
    /** Each engine report read during the build: stage, command, file, report. */
    final List<Map> reports = []
    /** Each stage as it ended: name, millis, ok, the reports read in it. */
    final List<Map> stages = []
    Closure stageListener = { Map s -> }
    /** The transcript's line above the build's first stage. */
    String header
    private String currentStage
    private int reportCount

    DemoBuild(DemoJenkins jenkins, String job, int number, String commit) {
        this.jenkins = jenkins
        this.job = job
        this.number = number
        this.commit = commit
        this.buildDir = Files.createDirectories(jenkins.home.resolve('jobs').resolve(job).resolve(String.valueOf(number)))
    }

    @Override
    protected Path workspaceDir() {
        return jenkins.home.resolve('workspace').resolve(job.replace('/', '_'))
    }

    /** Sets the harness up as a test's @Before would, then the build's own environment. */
    void prepare(Map<String, String> buildVariables, Map<String, Object> parameters) {
        setUpHarness()
        credentials = jenkins.credentials
        agent.agentEnv.putAll(jenkins.nodeProperties)
        for (String inherited : DemoJenkins.NOT_INHERITED) {
            agent.agentEnv.remove(inherited)
        }
        agent.buildEnv.clear()
        agent.buildEnv.putAll([WORKSPACE   : agent.workspace.toString(), NODE_NAME: DemoJenkins.AGENT_NAME,
                               JOB_NAME    : job, BUILD_NUMBER: String.valueOf(number),
                               BUILD_TAG   : "jenkins-${job.replace('/', '-')}-${number}".toString(),
                               BUILD_URL   : "${DemoJenkins.URL}job/${job.replace('/', '/job/')}/${number}/".toString()])
        agent.buildEnv.putAll(buildVariables)
        binding.setVariable('params', new HashMap(parameters))
        binding.setVariable('currentBuild', new HashMap([result: null, number: number, description: null]))
        binding.setVariable('scm', new HashMap([type: 'GitSCM', url: jenkins.appRepository.toString()]))
    }

    /** Runs the Jenkinsfile; returns what it returned, or throws what the build failed with. */
    Object run(String jenkinsfile) {
        // Jenkins resolves @Library before the script runs; the harness loads the library itself.
        return runPipeline(jenkinsfile.replaceAll(/(?m)^@Library\([^)]*\) _\s*$/, ''))
    }

    String description() {
        return (String) ((Map) binding.getVariable('currentBuild')).description
    }

    void writeLog(String result) {
        agent.log("Finished: ${result}")
        Files.writeString(buildDir.resolve('log'), agent.console.toString(), StandardCharsets.UTF_8)
        String description = description()
        if (description != null) {
            Files.writeString(buildDir.resolve('description'), description + '\n', StandardCharsets.UTF_8)
        }
    }

    @Override
    protected void registerJenkinsSteps() {
        super.registerJenkinsSteps()
        harness.allowedMethodCallbacks.keySet().removeIf { it.name in ['lock', 'input', 'stage', 'node'] }
        step('node', [Closure]) { Closure c -> onNode(null, c) }
        step('node', [String, Closure]) { String label, Closure c -> onNode(label, c) }
        step('stage', [String, Closure]) { String name, Closure c -> inStage(name, c) }
        step('checkout', [Object]) { arg -> checkout() }
        step('git', [Map]) { Map m -> gitStep(m) }
        step('properties', [List]) { List p -> null }
        step('buildDiscarder', [Object]) { arg -> [buildDiscarder: arg] }
        step('logRotator', [Map]) { Map m -> [logRotator: m] }
        step('disableConcurrentBuilds', [Map]) { Map m -> [disableConcurrentBuilds: m] }
        step('parameters', [List]) { List p -> [parameters: p] }
        step('choice', [Map]) { Map m -> [choice: m] }
        step('sleep', [Map]) { Map m -> Thread.sleep(1000L * (m.unit == 'MINUTES' ? 60 : 1) * (m.time as long)); null }
        step('archiveArtifacts', [Map]) { Map m -> archive((String) m.artifacts) }
        step('readFile', [String]) { String f -> agent.requireNode('readFile'); keepReport(f, readWorkspaceFile(f)) }
        step('lock', [Map, Closure]) { Map m, Closure c ->
            agent.requireNoNode('lock')
            jenkins.withLock((String) m.resource, agent) {
                agent.lockDepth++
                try {
                    body(c)
                } finally {
                    agent.lockDepth--
                }
            }
        }
        step('milestone', []) { -> jenkins.milestone(job, number, agent); null }
        step('input', [Object]) { arg -> answer((Map) arg) }
        logEveryStep()
    }

    /** As Jenkins' console shows them: "[Pipeline] step", and a block's braces. */
    private void logEveryStep() {
        Map<MethodSignature, Closure> wrapped = [:]
        harness.allowedMethodCallbacks.each { MethodSignature sig, Closure callback ->
            String name = sig.name
            if (name in UNLOGGED) {
                wrapped[sig] = callback
                return
            }
            boolean block = sig.args.length > 0 && sig.args[-1] == Closure
            wrapped[sig] = { Object... args ->
                if (name != 'stage') {
                    agent.log("[Pipeline] ${name}")
                }
                if (!block || name == 'stage') {
                    return harness.callClosure(callback, args)
                }
                agent.log('[Pipeline] {')
                try {
                    return harness.callClosure(callback, args)
                } finally {
                    agent.log('[Pipeline] }')
                    agent.log("[Pipeline] // ${name}")
                }
            }
        }
        harness.allowedMethodCallbacks.clear()
        harness.allowedMethodCallbacks.putAll(wrapped)
    }

    private Object onNode(String label, Closure c) {
        agent.log("Running on ${DemoJenkins.AGENT_NAME} in ${agent.workspace}")
        return inNode(c)
    }

    private Object inStage(String name, Closure c) {
        agent.log('[Pipeline] stage')
        agent.log("[Pipeline] { (${name})")
        currentStage = name
        int firstReport = reports.size()
        long start = System.nanoTime()
        boolean ok = false
        try {
            Object result = body(c)
            ok = true
            return result
        } finally {
            Map s = [name   : name, millis: (System.nanoTime() - start).intdiv(1_000_000), ok: ok,
                     reports: new ArrayList(reports.subList(firstReport, reports.size())), first: stages.isEmpty(), header: header]
            stages.add(s)
            agent.log('[Pipeline] }')
            agent.log('[Pipeline] // stage')
            stageListener.call(s)
        }
    }

    /** git's checkout of the build's commit into the workspace, as the git plugin does it. */
    private Map checkout() {
        agent.requireNode('checkout')
        Path ws = agent.currentDir()
        String repo = jenkins.appRepository.toString()
        agent.log('The recommended git tool is: NONE')
        agent.log("Cloning the remote Git repository\n > git fetch --tags --force --progress -- ${repo} +refs/heads/*:refs/remotes/origin/*")
        if (!Files.isDirectory(ws.resolve('.git'))) {
            git(ws, 'init', '-q')
        }
        git(ws, 'fetch', '-q', '--tags', '--force', repo, '+refs/heads/*:refs/remotes/origin/*')
        agent.log("Checking out Revision ${commit} (${agent.buildEnv.BRANCH_NAME ?: 'origin/main'})\n > git checkout -f ${commit}")
        git(ws, 'checkout', '-q', '-f', commit)
        return new HashMap([GIT_COMMIT: commit, GIT_URL: repo, GIT_BRANCH: agent.buildEnv.BRANCH_NAME ?: 'origin/main'])
    }

    /** The git step: the branch's head of {@code url} checked out in the current directory. */
    private Map gitStep(Map m) {
        agent.requireNode('git')
        Path ws = agent.currentDir()
        String url = (String) m.url
        String branch = (String) (m.branch ?: 'master')
        if (m.credentialsId) {
            jenkins.credentials.lookup((String) m.credentialsId, 'usernamePassword')
        }
        agent.log("Cloning the remote Git repository\n > git fetch --tags --force --progress -- ${url} +refs/heads/*:refs/remotes/origin/*")
        if (!Files.isDirectory(ws.resolve('.git'))) {
            git(ws, 'init', '-q')
        }
        git(ws, 'fetch', '-q', '--tags', '--force', url, '+refs/heads/*:refs/remotes/origin/*')
        String head = git(ws, 'rev-parse', "refs/remotes/origin/${branch}^{commit}").trim()
        agent.log("Checking out Revision ${head} (refs/remotes/origin/${branch})\n > git checkout -f -B ${branch} ${head}")
        git(ws, 'checkout', '-q', '-f', '-B', branch, head)
        return new HashMap([GIT_COMMIT: head, GIT_URL: url, GIT_BRANCH: "origin/${branch}".toString()])
    }

    private static String git(Path dir, String... args) {
        List<String> argv = ['git', '-C', dir.toString(), '-c', 'advice.detachedHead=false']
        argv.addAll(args)
        return Processes.run(argv)
    }

    private Object archive(String artifacts) {
        agent.requireNode('archiveArtifacts')
        agent.log('Archiving artifacts')
        Path archive = Files.createDirectories(buildDir.resolve('archive'))
        for (String pattern : artifacts.split(',')) {
            Path file = agent.resolve(pattern.trim())
            if (!Files.isRegularFile(file)) {
                throw new JenkinsStandInAbortException("No artifacts found that match the file pattern \"${pattern}\"")
            }
            Files.copy(file, archive.resolve(file.fileName.toString()), StandardCopyOption.REPLACE_EXISTING)
        }
        return null
    }

    /** An engine report (inventivEngineCommand's report.json under @tmp) is kept as engine/NN-command.json. */
    private String keepReport(String file, String text) {
        java.util.regex.Matcher m = file =~ /inventiv-([a-z-]+)-[0-9a-f-]{36}\/report\.json$/
        if (m.find()) {
            String command = m.group(1)
            Path dir = Files.createDirectories(buildDir.resolve('engine'))
            Path kept = dir.resolve(String.format('%02d-%s.json', ++reportCount, command))
            Files.writeString(kept, text, StandardCharsets.UTF_8)
            Object parsed = null
            try {
                parsed = text.isBlank() ? null : new JsonSlurper().parseText(text)
            } catch (Exception ignored) {
                parsed = null
            }
            reports.add([stage: currentStage, command: command, file: kept, report: parsed])
        }
        return text
    }

    /** input: the demo's approver answers, and the log says a person would have. */
    private Object answer(Map question) {
        agent.requireNoNode('input')
        agent.log(String.valueOf(question.message))
        agent.log("${question.ok ?: 'Proceed'} or Abort")
        String approver = jenkins.approver
        if (question.submitter) {
            agent.log("(only ${question.submitter} may answer; ${approver} is one of them)")
        }
        agent.log("Approved by ${approver} (the demo answers this input, standing in for a person)")
        jenkins.approvals.add([job: job, number: number, approver: approver, message: question.message])
        return question.submitterParameter ? approver : null
    }
}
