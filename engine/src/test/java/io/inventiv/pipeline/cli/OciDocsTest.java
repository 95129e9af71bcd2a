package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.oci.Promotion;
import io.inventiv.pipeline.oci.RegistryOptions;
import picocli.CommandLine;

/** docs/oci.md documents every flag and JSON field of digest and promote, and quotes the code's defaults. */
class OciDocsTest {
    private static String docs() throws IOException {
        return Files.readString(Path.of("docs/oci.md"));
    }

    @Test
    void everyFlagOfDigestAndPromoteIsDocumented() throws IOException {
        String docs = docs();
        for (Object command : new Object[] {new DigestCommand(), new PromoteCommand()}) {
            for (CommandLine.Model.OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
                assertThat(docs).as("docs/oci.md mentions " + o.longestName()).contains("`" + o.longestName());
            }
        }
    }

    @Test
    void everyJsonFieldIsDocumented() throws IOException {
        String docs = docs();
        for (RecordComponent c : DigestCommand.Result.class.getRecordComponents()) {
            assertThat(docs).contains("| `" + c.getName() + "` |");
        }
        for (RecordComponent c : DigestCommand.LabelledResult.class.getRecordComponents()) {
            assertThat(docs).contains("| `" + c.getName() + "` |");
        }
        for (RecordComponent c : Promotion.Image.class.getRecordComponents()) {
            assertThat(docs).contains("| `images[]." + c.getName() + "` |");
        }
        for (RecordComponent c : Promotion.Result.class.getRecordComponents()) {
            assertThat(docs).contains("`" + c.getName() + "`");
        }
    }

    @Test
    void theDocumentedDefaultsAreTheCodes() throws IOException {
        assertThat(docs()).contains("(default `" + Durations.format(RegistryOptions.DEFAULT_CALL_TIMEOUT) + "`")
                .contains("Connect timeout " + RegistryOptions.DEFAULT_CONNECT_TIMEOUT.toSeconds() + " s")
                .contains("up to " + RegistryOptions.DEFAULT_MAX_ATTEMPTS + " attempts per call");
    }
}
