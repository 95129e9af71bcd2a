package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.build.Binfmt;
import io.inventiv.pipeline.build.BuildRequest;
import io.inventiv.pipeline.build.Platforms;
import picocli.CommandLine;

/** docs/build.md documents every flag of build and push, and quotes the defaults the code has. */
class BuildDocsTest {
    private static String docs() throws IOException {
        return Files.readString(Path.of("docs/build.md"));
    }

    @Test
    void everyFlagOfBuildAndPushIsDocumented() throws IOException {
        String docs = docs();
        for (Object command : new Object[] {new BuildCommand(), new PushCommand()}) {
            for (CommandLine.Model.OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
                String name = o.longestName().replace("--[no-]", "--");
                assertThat(docs).as("docs/build.md mentions " + name).contains(name);
            }
        }
    }

    @Test
    void everyJsonFieldOfBuildAndPushIsDocumented() throws IOException {
        String docs = docs();
        for (java.lang.reflect.RecordComponent c : io.inventiv.pipeline.build.BuildResult.Image.class.getRecordComponents()) {
            assertThat(docs).contains("| `images[]." + c.getName() + "` |").contains("\"" + c.getName() + "\"");
        }
        for (java.lang.reflect.RecordComponent c : io.inventiv.pipeline.build.BuildResult.class.getRecordComponents()) {
            if (!c.getName().equals("images")) {
                assertThat(docs).contains("| `" + c.getName() + "` |");
            }
        }
        for (java.lang.reflect.RecordComponent c : PushCommand.PushResult.class.getRecordComponents()) {
            assertThat(docs).contains("\"" + c.getName() + "\"");
        }
    }

    @Test
    void theDocumentedDefaultsAreTheCodes() throws IOException {
        assertThat(docs()).contains(Binfmt.DEFAULT_IMAGE).contains("--builder-name " + BuildRequest.DEFAULT_BUILDER)
                .contains("--cache-tag " + BuildRequest.DEFAULT_CACHE_TAG).contains("--platform " + Platforms.DEFAULT);
    }
}
