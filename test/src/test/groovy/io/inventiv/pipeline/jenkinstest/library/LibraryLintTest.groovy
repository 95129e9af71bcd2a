package io.inventiv.pipeline.jenkinstest.library

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * npm-groovy-lint 16.2.0 (CodeNarc 3.7.0) over vars/ and src/ with recommended-jenkinsfile and
 * CodeNarc's Jenkins CPS rules (.groovylintrc.json at the root; those rules apply to Jenkinsfiles
 * only unless told otherwise): zero errors. scripts/lib/provision.sh installs it.
 */
class LibraryLintTest {

    static Path lintCommand() {
        String configured = System.getenv('INVENTIV_GROOVY_LINT')
        if (configured) {
            return Paths.get(configured)
        }
        String cache = System.getenv('INVENTIV_TEST_CACHE') ?: "${System.getProperty('user.home')}/.cache/inventiv-pipeline"
        return Paths.get(cache, 'npm-groovy-lint-16.2.0', 'node_modules', '.bin', 'npm-groovy-lint')
    }

    @Test
    void varsAndSrcHaveNoLintErrorsUnderTheJenkinsRules() {
        Path lint = lintCommand()
        assert Files.isExecutable(lint): "${lint} is missing: run scripts/test once (provision_groovy_lint) or set INVENTIV_GROOVY_LINT"
        Process p = new ProcessBuilder(lint.toString(), '--noserver', '--failon', 'error', '--loglevel', 'error',
                '--output', 'txt', '--path', '.', '--files', 'vars/*.groovy,src/**/*.groovy',
                '--ignorepattern', '**/test/**,**/engine/**,**/target/**,**/node_modules/**,**/bench/**,**/examples/**')
                .directory(PipelineTestBase.REPO_ROOT.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor(15, TimeUnit.MINUTES)
        assert p.exitValue() == 0: out
        assert out.contains("'Error'"): "no lint summary: ${out}"
        assert out =~ /'Error'\s*│\s*0\b/: out
    }
}
