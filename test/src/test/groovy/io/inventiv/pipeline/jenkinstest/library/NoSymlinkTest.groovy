package io.inventiv.pipeline.jenkinstest.library

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path
import java.util.stream.Collectors

/** Jenkins refuses a whole library that holds a symbolic link, so the repository holds none. */
class NoSymlinkTest {

    @Test
    void noTrackedFileIsASymlink() {
        Process git = new ProcessBuilder('git', 'ls-files', '-s').directory(PipelineTestBase.REPO_ROOT.toFile())
                .redirectErrorStream(true).start()
        List<String> entries = git.inputStream.readLines()
        assert git.waitFor() == 0: entries.join('\n')
        assert !entries.isEmpty()
        List<String> links = entries.findAll { it.startsWith('120000 ') }
        assert links.isEmpty(): "symlinks in the repository: ${links}"
    }

    @Test
    void noSymlinkInTheWorkingTreeOutsideBuildOutput() {
        Path root = PipelineTestBase.REPO_ROOT
        List<Path> links
        def paths = Files.walk(root)
        try {
            links = paths.filter { p -> !ignored(root.relativize(p)) && Files.isSymbolicLink(p) }.collect(Collectors.toList())
        } finally {
            paths.close()
        }
        assert links.isEmpty(): "symlinks: ${links}"
    }

    private static boolean ignored(Path relative) {
        String first = relative.nameCount == 0 ? '' : relative.getName(0).toString()
        return first == '.git' || relative.any { it.toString() in ['target', 'node_modules'] }
    }
}
