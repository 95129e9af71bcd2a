package io.inventiv.pipeline.jenkinstest.library

import com.cloudbees.groovy.cps.NonCPS
import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.MethodNode
import org.codehaus.groovy.control.SourceUnit
import org.junit.Test

import java.lang.reflect.Method
import java.nio.file.Path

/**
 * Jenkins CPS-transforms src/ too; the library's classes are pure helpers, so every method they
 * declare is @NonCPS, checked by reflection on the classes as the harness (and Jenkins) loads them.
 */
class NonCpsLibraryClassesTest extends PipelineTestBase {

    @Test
    void everyMethodOfEveryLibraryClassIsNonCps() {
        List<String> problems = []
        int methods = 0
        Path root = REPO_ROOT
        List<Path> sources = LibrarySourceRulesTest.librarySources().findAll { root.relativize(it).startsWith('src') }
        for (Path file in sources) {
            List<String> declared = []
            String className = null
            LibrarySourceRulesTest.visit(file) { SourceUnit unit ->
                ClassNode c = unit.AST.classes[0]
                className = c.name
                for (MethodNode m : c.methods) {
                    if (!m.synthetic) {
                        declared << m.name
                    }
                }
                null
            }
            Class clazz = loadLibraryClass(className)
            for (String name in declared.unique()) {
                for (Method m : clazz.declaredMethods.findAll { it.name == name }) {
                    methods++
                    if (!m.isAnnotationPresent(NonCPS)) {
                        problems << "${className}.${name} is not @NonCPS"
                    }
                }
            }
        }
        assert problems.isEmpty(): problems.join('\n')
        assert methods > 10
    }

    private Class loadLibraryClass(String name) {
        runPipeline('null')
        return harness.libraryClass(name)
    }
}
