package io.inventiv.pipeline.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {

    @Test
    void aSecretSplitAcrossWritesOfOneLineIsMasked() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new RedactingOutputStream(sink, new Redactor().add("hunter2-secret"),
                StandardCharsets.UTF_8), true, StandardCharsets.UTF_8);

        out.print("pass=hun");
        out.print("ter2-sec");
        out.println("ret done");
        out.println("second ✓ line");

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("pass=**** done\nsecond ✓ line\n");
    }

    @Test
    void aDrainWritesThePartialLineWithoutSplittingACharacter() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RedactingOutputStream out = new RedactingOutputStream(sink, new Redactor(), StandardCharsets.UTF_8);
        byte[] check = "ok ✓".getBytes(StandardCharsets.UTF_8);

        out.write(check, 0, check.length - 1);
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).as("a flush keeps a partial line").isEmpty();
        out.drain();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("ok ");
        out.write(check, check.length - 1, 1);
        out.drain();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("ok ✓");
    }
}
