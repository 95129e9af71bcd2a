package io.inventiv.pipeline.jenkinstest.library

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * Every step documents itself in vars/NAME.txt (Jenkins shows it in the Global Variable
 * Reference): each key of its specification with type, default and example, and what it returns.
 */
class StepHelpTest extends PipelineTestBase {

    @Test
    void everyStepHasHelpCoveringEveryKeyAndTheReturnedMap() {
        List<String> steps = stepNames()
        assert steps.size() >= 10
        for (step in steps) {
            Path help = REPO_ROOT.resolve("vars/${step}.txt")
            assert Files.isRegularFile(help): "vars/${step}.txt is missing"
            String text = help.text
            assert text.contains('<b>Returns</b>'): "vars/${step}.txt does not say what ${step} returns"
            Map<String, Map> spec = specOf(step)
            if (spec == null) {
                continue
            }
            for (Map.Entry<String, Map> e : spec.entrySet()) {
                String dt = "<dt><code>${e.key}</code> (${e.value.type}"
                int at = text.indexOf(dt)
                assert at >= 0: "vars/${step}.txt does not document ${e.key} as ${dt}"
                int end = text.indexOf('</dd>', at)
                String entry = text.substring(at, end)
                assert entry.contains('Default:'): "vars/${step}.txt: ${e.key} has no default"
                assert entry.contains('Example:'): "vars/${step}.txt: ${e.key} has no example"
                if (e.value.required) {
                    assert text.contains("${dt}, required)"): "vars/${step}.txt: ${e.key} is required"
                }
            }
        }
    }

    @Test
    void noHelpFileWithoutAStep() {
        List<String> txt = REPO_ROOT.resolve('vars').toFile().list().findAll { it.endsWith('.txt') }.collect { it - '.txt' }
        assert (txt - stepNames()).isEmpty()
    }
}
