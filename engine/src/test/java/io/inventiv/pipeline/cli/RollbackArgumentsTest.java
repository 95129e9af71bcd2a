package io.inventiv.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed rollback target digest is bad input, refused before any connection is tried. */
class RollbackArgumentsTest {

    @Test
    void aMalformedToDigestIsExitTwoNamingTheFlag(@TempDir Path dir) throws Exception {
        // Port 9 on loopback: nothing listens, so any connection attempt would fail with exit 1.
        Path target = Files.writeString(dir.resolve("target.yml"), "environment: test\nhosts: [127.0.0.1]\nport: 9\n"
                + "userCandidates: [root]\nremoteDir: /tmp/unused\ncomposeFile: docker-compose.yml\n"
                + "releaseServices:\n  api: 127.0.0.1:5000/app-api\nimageEnvKeys:\n  api: API_IMAGE\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("rollback", "--json", "--target-file", target.toString(), "--to", "sha256:zz");
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"exitCode\":2").contains("--to");
    }
}
