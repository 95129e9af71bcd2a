package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The scripts the engine runs on hosts, and the repository's shell libraries, pass shellcheck
 * (Debian's package, every severity) with nothing to say; each host script names its shell.
 */
class HostScriptsShellcheckTest {
    static final Path REMOTE = Path.of("engine/src/main/resources/io/inventiv/pipeline/remote");
    static final Path LIBS = Path.of("scripts/lib");

    @Test
    void everyHostScriptHasAShebangAndPassesShellcheckWithoutAWord() throws Exception {
        List<Path> scripts = shellFiles(REMOTE);
        assertThat(scripts).extracting(p -> p.getFileName().toString())
                .contains("deploy.sh", "launch.sh", "compose.sh", "status.sh", "logs.sh", "audit.sh", "bootstrap.sh");
        for (Path s : scripts) {
            assertThat(Files.readAllLines(s).get(0)).as("first line of %s", s).isEqualTo("#!/bin/sh");
        }
        assertShellcheckSaysNothing(scripts);
    }

    @Test
    void theRepositorysShellLibrariesPassShellcheckToo() throws Exception {
        List<Path> libs = shellFiles(LIBS);
        assertThat(libs).isNotEmpty();
        assertShellcheckSaysNothing(libs);
    }

    private static List<Path> shellFiles(Path dir) throws IOException {
        try (Stream<Path> l = Files.list(dir)) {
            return l.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
    }

    /** One shellcheck run over all files: exit 0 and no output, else the whole report as the failure. */
    private static void assertShellcheckSaysNothing(List<Path> files) throws Exception {
        List<String> argv = new ArrayList<>(List.of("shellcheck", "--format=gcc", "--severity=style"));
        files.forEach(f -> argv.add(f.toString()));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("shellcheck is not installed (Debian package shellcheck; scripts/lib/provision.sh installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(out).as("shellcheck findings").isEmpty();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
