package io.inventiv.pipeline.jenkinstest.steps

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.jenkinstest.harness.ScriptedEngine
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * The JSON report an engine command writes lives in a directory of its own under
 * {@code <workspace>@tmp} and is gone once the step has read it: on success, on an engine
 * failure the step turns into {@code error}, and on a failure it returns.
 */
class EngineReportCleanupTest extends PipelineTestBase {
    static final String IMAGES_JSON = '{"images":[{"name":"app","image":"r/app","digest":"sha256:' + 'c' * 64 +
            '","tags":["0123456789ab"],"platforms":["linux/arm64"]}],"verified":true}'

    @Test
    void theReportIsReadThenRemovedWithItsDirectory() {
        ScriptedEngine engine = scriptedEngine(IMAGES_JSON, 0)
        Map pushed = (Map) runPipeline("node { ghcrPush(repository: 'r/app') }")
        assert pushed.images[0].digest == 'sha256:' + 'c' * 64
        assertReportRemoved(engine.env().INVENTIV_JSON_OUT)
    }

    @Test
    void theReportIsRemovedWhenTheEngineFailsAndTheStepErrors() {
        ScriptedEngine engine = scriptedEngine('{"exitCode":1,"images":[]}', 1, 'push: the registry said no\n')
        Throwable e = runPipelineExpectingFailure("node { ghcrPush(repository: 'r/app') }")
        assert e.message.startsWith('ghcrPush: push failed (exit 1)')
        assertReportRemoved(engine.env().INVENTIV_JSON_OUT)
    }

    @Test
    void theReportIsRemovedWhenAFailureIsReturned() {
        ScriptedEngine engine = scriptedEngine('{"exitCode":3}', 3, 'deploy: the lock is held\n')
        Map failure = (Map) runPipeline("node { inventivEngineCommand(command: 'status', args: [], returnFailure: true) }")
        assert failure.exitCode == 3
        assertReportRemoved(engine.env().INVENTIV_JSON_OUT)
    }

    @Test
    void theRealEngineLeavesNoReportBehindEither() {
        Map gate = (Map) runPipeline("node { ciGate(checks: [fine: 'true']) }")
        assert gate.passed == true
        assert gate.checks*.name == ['fine']
        assert reportsLeft() == []
        Throwable e = runPipelineExpectingFailure("node { ciGate(checks: [broken: 'exit 3']) }")
        assert e.message.startsWith('ciGate: 1 of 1 checks failed: broken')
        assert reportsLeft() == []
    }

    private void assertReportRemoved(String report) {
        Path file = Path.of(report)
        assert file.startsWith(agent.tmpDir())
        assert file.fileName.toString() == 'report.json'
        assert !Files.exists(file)
        assert !Files.exists(file.parent)
        assert reportsLeft() == []
    }

    /** Whatever an engine command left under {@code <workspace>@tmp}. */
    private List<String> reportsLeft() {
        Path tmp = agent.tmpDir()
        if (!Files.isDirectory(tmp)) {
            return []
        }
        List<String> left = []
        tmp.toFile().eachFileRecurse { File f ->
            String name = tmp.relativize(f.toPath()).toString()
            if (name.contains('report') || name.endsWith('.json') || name ==~ /inventiv-[a-z-]+-[0-9a-f-]{36}/) {
                left.add(name)
            }
        }
        return left
    }
}
