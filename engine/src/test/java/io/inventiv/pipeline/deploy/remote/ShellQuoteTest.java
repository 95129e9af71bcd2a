package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.ProcessResult;

/** The one quoting function, checked by a real POSIX shell parsing what it produced. */
class ShellQuoteTest {
    @TempDir
    Path dir;

    List<String> hostile() {
        Path canary = dir.resolve("pwned");
        return List.of("$(touch " + canary + ")", "`touch " + canary + "`", "a; touch " + canary, "it's", "'", "''",
                "\"double\" $HOME ${HOME}", "back\\slash\\", "new\nline", "tab\there", "*", "~", "-n", "", " lead space",
                "| & > < ! # %", "ümlaut ✓", "$'\\x41'");
    }

    @Test
    void everyHostileWordReachesTheShellIntactAndNothingRuns() {
        List<String> words = hostile();
        List<String> script = new ArrayList<>(List.of("printf", "%s\\0"));
        script.addAll(words);
        // What ssh does: one string, parsed again by the remote shell.
        ProcessResult r = new CommandRunner().run(Command.of("sh", "-c", ShellQuote.join(script)));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().split("\0", -1)).containsExactly(append(words, ""));
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void assignmentsSourcedByTheHostScriptKeepEveryValue() throws Exception {
        StringBuilder file = new StringBuilder();
        List<String> words = hostile();
        for (int i = 0; i < words.size(); i++) {
            file.append(ShellQuote.assignment("V" + i, words.get(i))).append('\n');
        }
        StringBuilder print = new StringBuilder(". ./params.sh");
        for (int i = 0; i < words.size(); i++) {
            print.append("; printf '%s\\0' \"$V").append(i).append('"');
        }
        Files.writeString(dir.resolve("params.sh"), file.toString());
        ProcessResult r = new CommandRunner().run(Command.of("sh", "-c", print.toString()).withWorkDir(dir));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().split("\0", -1)).containsExactly(append(words, ""));
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void nulAndBadVariableNamesAreRefused() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ShellQuote.assignment("X;rm", "v")).hasMessageContaining("variable name");
    }

    private static String[] append(List<String> words, String last) {
        List<String> all = new ArrayList<>(words);
        all.add(last);
        return all.toArray(String[]::new);
    }
}
