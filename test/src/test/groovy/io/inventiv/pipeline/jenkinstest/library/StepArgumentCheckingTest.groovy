package io.inventiv.pipeline.jenkinstest.library

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Test

/**
 * Every step refuses every unknown key (naming it and the valid keys) and every wrongly typed
 * value (naming the key and the type), through the step itself, before any engine run.
 */
class StepArgumentCheckingTest extends PipelineTestBase {

    static final Map<String, Object> VALID = ['String': 'x', 'Integer': 1, 'Boolean': true, 'Map': [:], 'List': ['x'],
                                              'String or List': 'x']
    static final Map<String, Object> WRONG = ['String': 42, 'Integer': 'x', 'Boolean': 'yes', 'Map': 'x', 'List': 7,
                                              'String or List': 7]
    static final Map<String, String> WRONG_NAME = ['String': 'Integer', 'Integer': 'String', 'Boolean': 'String',
                                                   'Map': 'String', 'List': 'Integer', 'String or List': 'Integer']

    @Test
    void everyEngineStepHasASpecification() {
        for (step in stepNames() - ['inventivEngine']) {
            assert specOf(step) != null: "${step} has no StepSpecs entry"
        }
    }

    @Test
    void everyStepNamesAnUnknownKeyAndListsTheValidOnes() {
        for (step in stepNames()) {
            Map<String, Map> spec = specOf(step)
            if (spec == null) {
                continue
            }
            Map args = requiredArgs(spec) + [noSuchKey: 'x']
            Throwable e = runStep(step, args)
            String valid = spec.keySet().sort().join(', ')
            assert e.message == "${step}: unknown argument 'noSuchKey'; valid arguments: ${valid}".toString()
        }
    }

    @Test
    void everyStepNamesEveryWronglyTypedKeyAndTheTypeExpected() {
        int checked = 0
        for (step in stepNames()) {
            Map<String, Map> spec = specOf(step)
            if (spec == null) {
                continue
            }
            for (Map.Entry<String, Map> e : spec.entrySet()) {
                String type = e.value.type
                Map args = requiredArgs(spec) + [(e.key): WRONG[type]]
                Throwable t = runStep(step, args)
                assert t.message.startsWith("${step}: argument '${e.key}' must be a ${type}, not ${WRONG_NAME[type]}".toString()):
                        "${step}.${e.key}: ${t.message}"
                checked++
            }
        }
        assert checked > 50
    }

    @Test
    void everyRequiredKeyIsNamedWhenMissing() {
        for (step in stepNames()) {
            Map<String, Map> spec = specOf(step)
            if (spec == null) {
                continue
            }
            for (String key in spec.findAll { it.value.required }.keySet()) {
                Map args = requiredArgs(spec)
                args.remove(key)
                Throwable t = runStep(step, args)
                assert t.message.startsWith("${step}: argument '${key}' (".toString()): t.message
                assert t.message.contains('is required')
            }
        }
    }

    @Test
    void aValueWithALineBreakIsRefused() {
        Throwable t = runStep('promoteByDigest', [source: 'a', tag: "staging\n--plan"])
        assert t.message == "promoteByDigest: argument 'tag' must be one line"
    }

    @Test
    void aBuildxDriverOutsideTheEnginesChoicesIsRefusedInOneLineNamingTheArgumentAndTheChoices() {
        for (String step in ['buildxBuild', 'inventivPipeline']) {
            Throwable t = runStep(step, [buildxDriver: 'docker_container'])
            assert t.message == "${step}: argument 'buildxDriver' must be one of auto, docker-container, docker, not 'docker_container'".toString()
            assert !t.message.contains('\n')
        }
        def arguments = harness.libraryClass('io.inventiv.pipeline.jenkins.StepArguments')
        for (String driver in ['auto', 'docker-container', 'docker']) {
            for (String step in ['buildxBuild', 'inventivPipeline']) {
                assert arguments.problem(step, specOf(step), [buildxDriver: driver]) == null
            }
        }
    }

    private static Map requiredArgs(Map<String, Map> spec) {
        Map args = [:]
        spec.each { k, v ->
            if (v.required) {
                args[k] = VALID[v.type]
            }
        }
        return args
    }

    private Throwable runStep(String step, Map args) {
        binding.setVariable('stepArgs', args)
        return runPipelineExpectingFailure("node { ${step}(stepArgs) }")
    }
}
