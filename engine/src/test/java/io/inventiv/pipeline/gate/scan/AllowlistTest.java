package io.inventiv.pipeline.gate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.UsageException;

class AllowlistTest {

    private static Allowlist of(String... lines) {
        return Allowlist.parse(List.of(lines), "allow.txt", "--allowlist");
    }

    @Test
    void globsMatchRepositoryRelativePaths() {
        Allowlist a = of("tests/fixtures/**", "docs/*.md", "*.ppk");
        assertThat(a.allowsPath("tests/fixtures/keys/id_rsa")).isTrue();
        assertThat(a.allowsPath("docs/keys.md")).isTrue();
        assertThat(a.allowsPath("docs/deep/keys.md")).as("* stays in one directory").isFalse();
        assertThat(a.allowsPath("deploy/putty/prod.ppk")).as("a glob without / matches names anywhere").isTrue();
        assertThat(a.allowsPath("src/main.rs")).isFalse();
    }

    @Test
    void fingerprintsAndCommentsAreRead() {
        Allowlist a = of("# accepted findings", "", "sha256:0123456789abcdef   # revoked test token", "  ");
        assertThat(a.allowsFingerprint("sha256:0123456789abcdef")).isTrue();
        assertThat(a.allowsFingerprint("sha256:0123456789abcdee")).isFalse();
        assertThat(a.allowsPath("anything")).isFalse();
    }

    @Test
    void aMalformedEntryNamesTheFileLineAndFix() {
        assertThatThrownBy(() -> of("ok/**", "sha256:XYZ"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--allowlist: allow.txt line 2: 'sha256:XYZ' is not a fingerprint");
        assertThatThrownBy(() -> of("src/[a-"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("line 1").hasMessageContaining("not a valid glob");
    }
}
