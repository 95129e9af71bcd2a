package io.inventiv.pipeline.jenkinstest.harness

import org.junit.Test

/** The harness itself: what Jenkins would refuse, it refuses; what Jenkins runs, it runs. */
class HarnessBehavesLikeJenkinsTest extends PipelineTestBase {

    @Test
    void aMatcherAliveAcrossAStepFailsTheTest() {
        AssertionError e = expectViolation('''
node {
  def m = ('abc' =~ /b/)
  m.find()
  sh 'true'
}
''')
        assert e.message.contains('java.util.regex.Matcher')
    }

    @Test
    void aMatcherAliveAcrossAStepOutsideNodeFailsTheTestToo() {
        AssertionError e = expectViolation('''
def m = ('abc' =~ /b/)
m.find()
node { sh 'true' }
''')
        assert e.message.contains('java.util.regex.Matcher')
    }

    @Test
    void aMatcherNulledBeforeTheStepPasses() {
        runPipeline('''
node {
  def m = ('abc' =~ /b/)
  m.find()
  m = null
  sh 'true'
}
''')
    }

    @Test
    void aForLoopOverAListSurvivesStepsAndRunsEveryItem() {
        runPipeline('''
node {
  for (x in ['a', 'b', 'c']) {
    sh 'true'
    echo "item ${x}"
  }
}
''')
        assert agent.echoed == ['item a', 'item b', 'item c']
    }

    @Test
    void eachRunsEveryItemAsInJenkins() {
        runPipeline('''
node { ['a', 'b', 'c'].each { echo "item ${it}" } }
''')
        assert agent.echoed == ['item a', 'item b', 'item c']
    }

    @Test
    void shRunsARealShellWithTheEnvironmentOfWithEnv() {
        Object out = runPipeline('''
node {
  withEnv(['GREETING=hello world']) {
    sh(returnStdout: true, script: 'printf %s "$GREETING"; echo to-stderr >&2')
  }
}
''')
        assert out == 'hello world'
        assert agent.console.toString().contains('to-stderr')
    }

    @Test
    void aNonZeroExitThrowsAsJenkinsDoesUnlessReturnStatus() {
        assert runPipeline("node { sh(returnStatus: true, script: 'exit 3') }") == 3
        Throwable e = runPipelineExpectingFailure("node { sh 'exit 3' }")
        assert e.message == 'script returned exit code 3'
        Throwable e2 = runPipelineExpectingFailure("node { sh(returnStdout: true, script: 'echo out; exit 4') }")
        assert e2.message == 'script returned exit code 4'
    }

    @Test
    void shOutsideNodeFailsAsInJenkins() {
        Throwable e = runPipelineExpectingFailure("sh 'true'")
        assert e.message.contains('Required context class hudson.FilePath is missing')
    }

    @Test
    void withCredentialsAndReadFileNeedANodeToo() {
        credentials.secretText('t', 's3cret')
        assert runPipelineExpectingFailure("withCredentials([string(credentialsId: 't', variable: 'T')]) { echo 'x' }")
                .message.contains('hudson.FilePath')
        assert runPipelineExpectingFailure("readFile 'x'").message.contains('hudson.FilePath')
    }

    @Test
    void inputInsideNodeFailsTheTest() {
        inputAnswers.add('ok')
        Throwable e = runPipelineExpectingFailure("node { input 'deploy?' }")
        assert e.message.contains('input inside node')
        assert runPipeline("input 'deploy?'") == 'ok'
    }

    @Test
    void lockInsideNodeFailsTheTest() {
        Throwable e = runPipelineExpectingFailure("node { lock('app/staging') { echo 'x' } }")
        assert e.message.contains('lock inside node')
    }

    @Test
    void withCredentialsStopsAtTheFirstUnknownId() {
        credentials.secretText('known', 's3cret')
        Throwable e = runPipelineExpectingFailure('''
node {
  withCredentials([string(credentialsId: 'missing-1', variable: 'A'), string(credentialsId: 'missing-2', variable: 'B')]) { echo 'x' }
}
''')
        assert e.message == "Could not find credentials entry with ID 'missing-1'"
    }

    @Test
    void sshagentHoldsTheKeyInARealAgent() {
        credentials.sshUserPrivateKey('k', 'deploy', TestKeys.privateKey())
        Object out = runPipeline("node { sshagent(['k']) { sh(returnStdout: true, script: 'ssh-add -l') } }")
        assert out.contains('library-test')
    }

    @Test
    void libraryResourceServesResourcesFromDisk() {
        Throwable e = runPipelineExpectingFailure("libraryResource 'io/inventiv/pipeline/no-such-file'")
        assert e.message == 'No such library resource io/inventiv/pipeline/no-such-file could be found.'
    }

    private AssertionError expectViolation(String jenkinsfile) {
        try {
            runPipeline(jenkinsfile)
        } catch (AssertionError e) {
            return e
        }
        throw new AssertionError('the harness let a non-serializable value live across a step')
    }
}
