package io.inventiv.pipeline.jenkinstest.demo

import io.inventiv.pipeline.jenkinstest.harness.JenkinsStandInAgent
import io.inventiv.pipeline.testsupport.Processes
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.After
import org.junit.Before
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** The demo Jenkins on its own (no services): what a controller does around a Jenkinsfile. */
class DemoJenkinsTest {
    Path home
    Path repo
    String commit
    DemoJenkins jenkins

    @Before
    void controllerAndRepository() {
        home = Files.createTempDirectory('demo-jenkins')
        repo = Files.createDirectories(home.resolve('app'))
        Files.writeString(repo.resolve('README'), 'the app\n')
        git('init', '-q', '-b', 'main')
        git('add', 'README')
        git('commit', '-q', '-m', 'app')
        commit = git('rev-parse', 'HEAD').trim()
        jenkins = new DemoJenkins(home.resolve('jenkins'), repo, 'alice')
        jenkins.credentials.secretText('token', 's3cret-value')
    }

    @After
    void remove() {
        Processes.deleteTree(home)
    }

    private String git(String... args) {
        List<String> argv = ['git', '-C', repo.toString(), '-c', 'user.name=t', '-c', 'user.email=t@example.invalid']
        argv.addAll(args)
        return Processes.run(argv)
    }

    @Test
    void aBuildChecksOutItsCommitAnswersInputArchivesAndKeepsAJenkinsStyleLogAndDescription() {
        DemoBuildResult b = jenkins.build('app/v1.0.0', commit, [BRANCH_NAME: 'v1.0.0', TAG_NAME: 'v1.0.0'], '''
String who = input(message: 'Release?', ok: 'Deploy', submitter: 'approvers', submitterParameter: 'approver')
stage('Build') {
  node('linux') {
    Map scmVars = checkout(scm)
    withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {
      sh '[ ${#TOKEN} -gt 0 ] && cat README && echo "$BRANCH_NAME $TAG_NAME $JOB_NAME $BUILD_NUMBER"'
    }
    writeFile(file: 'out.json', text: scmVars.GIT_COMMIT)
    archiveArtifacts(artifacts: 'out.json')
  }
}
currentBuild.description = 'released by ' + who
''')
        assert b.ok(): b.console
        assert b.number == 1 && b.dir == home.resolve('jenkins/jobs/app/v1.0.0/1')
        assert b.dir.resolve('archive/out.json').text == commit
        assert b.dir.resolve('description').text == 'released by alice\n'
        String log = b.dir.resolve('log').text
        assert log.contains('[Pipeline] input\nRelease?\nDeploy or Abort\n')
        assert log.contains('Approved by alice (the demo answers this input, standing in for a person)')
        assert log.contains('[Pipeline] stage\n[Pipeline] { (Build)\n[Pipeline] node\n[Pipeline] {\nRunning on demo-agent')
        // sh -xe as durable-task runs it: the trace and the output in one stream, in order.
        assert log.contains('[Pipeline] sh\n+ [ 12 -gt 0 ]\n+ cat README\nthe app\n+ echo v1.0.0 v1.0.0 app/v1.0.0 1\nv1.0.0 v1.0.0 app/v1.0.0 1\n')
        assert log.contains('[Pipeline] // stage') && log.endsWith('Finished: SUCCESS\n')
        assert !log.contains('s3cret-value')
        assert jenkins.approvals == [[job: 'app/v1.0.0', number: 1, approver: 'alice', message: 'Release?']]
        assert jenkins.build('app/v1.0.0', commit, [BRANCH_NAME: 'v1.0.0'], 'echo "again"').number == 2
    }

    @Test
    void aFailedBuildIsFailureWithItsLogKept() {
        DemoBuildResult b = jenkins.build('app/main', commit, [BRANCH_NAME: 'main'], "node { sh 'exit 3' }")
        assert b.result == 'FAILURE' && b.failure.message == 'script returned exit code 3'
        assert b.dir.resolve('log').text.endsWith('Finished: FAILURE\n')
    }

    @Test
    void anOlderBuildReachingAMilestoneANewerBuildPassedIsAborted() {
        JenkinsStandInAgent agent = new JenkinsStandInAgent(Files.createDirectories(home.resolve('ws')), home)
        jenkins.milestone('app/main', 2, agent)
        try {
            jenkins.milestone('app/main', 1, agent)
            assert false: 'build 1 passed a milestone build 2 had passed'
        } catch (FlowInterruptedException e) {
            assert e.message == 'Superseded by app/main #2'
        }
        jenkins.milestone('app/main', 3, agent)
        jenkins.milestone('app/other', 1, agent)
    }

    @Test
    void aLockHasOneHolderAtATimeAcrossBuilds() {
        JenkinsStandInAgent first = new JenkinsStandInAgent(Files.createDirectories(home.resolve('ws1')), home)
        JenkinsStandInAgent second = new JenkinsStandInAgent(Files.createDirectories(home.resolve('ws2')), home)
        CountDownLatch held = new CountDownLatch(1)
        CountDownLatch release = new CountDownLatch(1)
        List<String> order = Collections.synchronizedList([])
        Thread holder = Thread.start {
            jenkins.withLock('app/staging', first) {
                order << 'first in'
                held.countDown()
                release.await(10, TimeUnit.SECONDS)
                order << 'first out'
            }
        }
        held.await(10, TimeUnit.SECONDS)
        Thread waiter = Thread.start { jenkins.withLock('app/staging', second) { order << 'second in' } }
        Thread.sleep(300)
        assert order == ['first in']
        release.countDown()
        holder.join(10_000)
        waiter.join(10_000)
        assert order == ['first in', 'first out', 'second in']
        assert second.console.toString().contains('[Resource: app/staging] is locked, waiting...')
    }
}
