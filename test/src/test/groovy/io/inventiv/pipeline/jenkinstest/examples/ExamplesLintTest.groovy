package io.inventiv.pipeline.jenkinstest.examples

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import io.inventiv.pipeline.jenkinstest.library.LibraryLintTest
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Every example Jenkinsfile (examples/Jenkinsfile*, the sample app's Jenkinsfile) passes
 * npm-groovy-lint 16.2.0 with the library's own configuration (.groovylintrc.json: recommended-jenkinsfile
 * and CodeNarc's Jenkins CPS rules): zero errors. The declarative one cannot run in the harness, so
 * this is the check it gets; the operations job's script is examples/Jenkinsfile.operations
 * (JenkinsYamlTest holds jenkins.yaml to it).
 */
class ExamplesLintTest {

    static List<Path> exampleJenkinsfiles() {
        Path examples = PipelineTestBase.REPO_ROOT.resolve('examples')
        List<Path> files = []
        Files.newDirectoryStream(examples, 'Jenkinsfile*').withCloseable { stream -> stream.each { files << it } }
        Path sample = examples.resolve('sample-app/Jenkinsfile')
        if (Files.isRegularFile(sample)) {
            files << sample
        }
        return files.sort()
    }

    @Test
    void everyExampleJenkinsfileHasNoLintErrorsUnderTheLibraryRules() {
        Path lint = LibraryLintTest.lintCommand()
        assert Files.isExecutable(lint): "${lint} is missing: run scripts/test once (provision_groovy_lint) or set INVENTIV_GROOVY_LINT"
        List<Path> files = exampleJenkinsfiles()
        List<String> names = files.collect { PipelineTestBase.REPO_ROOT.relativize(it).toString() }
        assert names.containsAll(['examples/Jenkinsfile.declarative', 'examples/Jenkinsfile.smoke',
                                  'examples/Jenkinsfile.operations', 'examples/sample-app/Jenkinsfile']): names
        List<String> command = [lint.toString(), '--noserver', '--failon', 'error', '--loglevel', 'error',
                                '--output', 'txt', '--config', '.groovylintrc.json'] + names
        Process p = new ProcessBuilder(command).directory(PipelineTestBase.REPO_ROOT.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor(15, TimeUnit.MINUTES)
        assert p.exitValue() == 0: out
        assert out.contains("${names.size()}\u001b[22m linted files") || out =~ /\b${names.size()}\b.*linted files/: "not every file was linted: ${out}"
        assert out =~ /'Error'\s*│\s*0\b/: out
    }
}
