package io.inventiv.pipeline.jenkinstest.demo

import io.inventiv.pipeline.jenkinstest.harness.JenkinsStandInAgent
import io.inventiv.pipeline.jenkinstest.harness.JenkinsStandInCredentials
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock

/**
 * The demo's Jenkins controller: its home (STATE), the credentials store, the global node
 * properties (the profiles' settings), one agent carrying every label, lockable resources and
 * milestones shared by its builds, and the person who answers {@code input}. Runs a Jenkinsfile as
 * build N of a named job, the way a multibranch project runs a branch or tag job.
 */
class DemoJenkins {
    static final String AGENT_NAME = 'demo-agent'
    static final String URL = 'http://jenkins.demo.invalid/'
    /** What the JVM's own environment may hold that a Jenkins agent would not hand to a build. */
    static final List<String> NOT_INHERITED = ['CHANGE_ID', 'CHANGE_TARGET', 'TAG_NAME', 'BRANCH_NAME', 'GIT_COMMIT', 'GIT_URL',
                                               'GIT_BRANCH', 'SOURCE_DATE_EPOCH', 'REGISTRY_USERNAME', 'REGISTRY_PASSWORD',
                                               'SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'JOB_NAME', 'BUILD_NUMBER']

    final Path home
    final Path appRepository
    final JenkinsStandInCredentials credentials = new JenkinsStandInCredentials()
    final Map<String, String> nodeProperties = [:]
    final String approver
    final List<Map> approvals = []
    private final Map<String, ReentrantLock> locks = [:]
    /** Per job, the newest build that passed each milestone ordinal. */
    private final Map<String, Map<Integer, Integer>> milestonesPassed = [:]
    private final Map<String, Integer> milestoneOrdinal = [:]
    private final Map<String, Integer> lastBuild = [:]

    DemoJenkins(Path home, Path appRepository, String approver) {
        this.home = home
        this.appRepository = appRepository
        this.approver = approver
        Files.createDirectories(home.resolve('jobs'))
    }

    /**
     * Build N+1 of {@code job} at {@code commit}, with {@code buildVariables} as a multibranch
     * job sets them (BRANCH_NAME, TAG_NAME, CHANGE_ID) and the job's parameters.
     */
    DemoBuildResult build(String job, String commit, Map<String, String> buildVariables, String jenkinsfile,
                          Map<String, Object> parameters = [:], Closure stageListener = null) {
        int number = (lastBuild[job] ?: 0) + 1
        lastBuild[job] = number
        DemoBuild build = new DemoBuild(this, job, number, commit)
        if (stageListener != null) {
            build.stageListener = stageListener
        }
        build.prepare(buildVariables, parameters)
        build.header = "${job} #${number}" + (parameters ? " (${parameters.findAll { it.value }.collect { "${it.key}=${it.value}" }.join(' ')})" : " (${buildVariables.TAG_NAME ? 'tag ' + buildVariables.TAG_NAME : 'branch ' + buildVariables.BRANCH_NAME} @ ${commit.substring(0, 12)})")
        long start = System.nanoTime()
        build.agent.log("Started by the demo (${job} #${number})")
        Object returned = null
        Throwable failure = null
        try {
            returned = build.run(jenkinsfile)
        } catch (Throwable e) {
            failure = e
        }
        String result = failure == null ? 'SUCCESS' : (failure instanceof FlowInterruptedException ? 'ABORTED' : 'FAILURE')
        if (failure != null) {
            build.agent.log("ERROR: ${failure.message}")
        }
        build.writeLog(result)
        build.cleanUpHarness()
        return new DemoBuildResult(job: job, number: number, result: result, header: build.header,
                millis: (System.nanoTime() - start).intdiv(1_000_000), returned: returned, failure: failure,
                description: build.description(), dir: build.buildDir, stages: build.stages, reports: build.reports,
                console: build.agent.console.toString(), secretsBound: new HashSet(build.agent.secretsBound))
    }

    /** lockable-resources' lock: one holder at a time per resource, across the controller's builds. */
    Object withLock(String resource, JenkinsStandInAgent agent, Closure body) {
        ReentrantLock lock
        synchronized (locks) {
            lock = locks.computeIfAbsent(resource) { new ReentrantLock(true) }
        }
        agent.log("Trying to acquire lock on [Resource: ${resource}]")
        if (!lock.tryLock()) {
            agent.log("[Resource: ${resource}] is locked, waiting...")
            if (!lock.tryLock(30, TimeUnit.MINUTES)) {
                throw new FlowInterruptedException("lock ${resource} not acquired within 30 minutes")
            }
        }
        agent.log("Lock acquired on [Resource: ${resource}]")
        try {
            return body.call()
        } finally {
            lock.unlock()
            agent.log("Lock released on resource [Resource: ${resource}]")
        }
    }

    /**
     * pipeline-milestone-step: the build passes its next ordinal; an older build reaching an
     * ordinal a newer build of the same job has passed is aborted.
     */
    synchronized void milestone(String job, int number, JenkinsStandInAgent agent) {
        String key = "${job}#${number}"
        int ordinal = (milestoneOrdinal[key] ?: 0) + 1
        milestoneOrdinal[key] = ordinal
        Map<Integer, Integer> passed = milestonesPassed.computeIfAbsent(job) { [:] }
        Integer newest = passed[ordinal]
        if (newest != null && newest > number) {
            agent.log("Superseded by ${job} #${newest}")
            throw new FlowInterruptedException("Superseded by ${job} #${newest}")
        }
        passed[ordinal] = number
        agent.log("Milestone ${ordinal} passed by ${job} #${number}")
    }
}
