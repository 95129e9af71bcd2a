package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.gate.LockfileCheck.Finding;
import io.inventiv.pipeline.gate.LockfileCheck.Report;

/**
 * The fixture package-lock.json was written by npm 11 ({@code npm install --package-lock-only
 * lightningcss@1.29.2}); the broken variant drops the ARM64 entry as npm does when the lockfile
 * is regenerated over an existing node_modules of another platform.
 */
class LockfileCheckTest {
    @TempDir
    Path dir;

    static String fixture() throws IOException {
        try (InputStream in = LockfileCheckTest.class.getResourceAsStream("package-lock.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String withoutPackage(String lockfile, String name) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(lockfile);
        ((ObjectNode) root.get("packages")).remove("node_modules/" + name);
        return m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private Report check(String lockfile, String platform, String libc, String... packages) throws IOException {
        Path file = dir.resolve("package-lock.json");
        Files.writeString(file, lockfile);
        return new LockfileCheck().check(file, platform, libc, List.of(packages));
    }

    @Test
    void lockfileWrittenByNpmCarriesTheArm64NativePackage() throws Exception {
        Report r = check(fixture(), "linux/arm64", "gnu", "lightningcss");
        assertThat(r.ok()).isTrue();
        assertThat(r.packages()).containsExactly(
                new Finding("lightningcss", "1.29.2", "lightningcss-linux-arm64-gnu", "1.29.2", "present"));
    }

    @Test
    void lockfileMissingTheArm64EntryFailsButStillServesAmd64() throws Exception {
        String broken = withoutPackage(fixture(), "lightningcss-linux-arm64-gnu");
        assertThat(check(broken, "linux/arm64", "gnu", "lightningcss").packages()).extracting(Finding::status)
                .containsExactly("missing");
        assertThat(check(broken, "linux/amd64", "gnu", "lightningcss").ok()).isTrue();
        assertThat(check(broken, "linux/arm64", "musl", "lightningcss").ok()).isTrue();
    }

    @Test
    void aPackageThatIsNotADependencyHasNothingToCheck() throws Exception {
        Report r = check(fixture(), "linux/arm64", "gnu", "@next/swc");
        assertThat(r.ok()).isTrue();
        assertThat(r.packages()).extracting(Finding::status).containsExactly("notUsed");
    }

    @Test
    void lockfileVersionOneIsReadToo() throws Exception {
        String v1 = """
                {"lockfileVersion": 1, "dependencies": {
                  "lightningcss": {"version": "1.22.0", "dependencies": {"detect-libc": {"version": "1.0.3"}}},
                  "lightningcss-linux-x64-gnu": {"version": "1.22.0", "optional": true}}}
                """;
        assertThat(check(v1, "linux/amd64", "gnu", "lightningcss").ok()).isTrue();
        assertThat(check(v1, "linux/arm64", "gnu", "lightningcss").ok()).isFalse();
    }

    @Test
    void nativeSuffixFollowsNpmsNaming() {
        assertThat(LockfileCheck.nativeSuffix("linux/arm64", "gnu")).isEqualTo("linux-arm64-gnu");
        assertThat(LockfileCheck.nativeSuffix("linux/amd64", "musl")).isEqualTo("linux-x64-musl");
        assertThat(LockfileCheck.nativeSuffix("linux/arm/v7", "gnu")).isEqualTo("linux-arm-gnueabihf");
    }

    @Test
    void badInputNamesTheField() throws Exception {
        assertThatThrownBy(() -> check(fixture(), "windows/arm64", "gnu", "lightningcss"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--platform: 'windows/arm64' is not a supported");
        assertThatThrownBy(() -> check(fixture(), "linux/arm64", "glibc", "lightningcss"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--libc: 'glibc' is not gnu or musl");
        assertThatThrownBy(() -> check("{not json", "linux/arm64", "gnu", "lightningcss"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--lockfile: ").hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> new LockfileCheck().check(dir.resolve("nope.json"), "linux/arm64", "gnu", List.of("lightningcss")))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
    }
}
