package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.UsageException;

class DigestPlatformTest {

    @Test
    void sha256OfKnownBytes() {
        assertThat(Digest.sha256("").toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void digestParsingNamesTheProblem() {
        assertThat(Digest.parse("sha256:" + "0".repeat(64)).hex()).hasSize(64);
        assertThatThrownBy(() -> Digest.parse("sha256:abc", "--digest")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--digest: sha256 needs 64 hex digits");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64))).hasMessageContaining("lowercase hex");
        assertThatThrownBy(() -> Digest.parse("md5:" + "0".repeat(64))).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Digest.parse("nodigest")).hasMessageContaining("is not a digest");
    }

    @Test
    void platformsParseAndMatchLikeDocker() {
        Platform arm64 = Platform.parse("linux/arm64");
        assertThat(arm64.isSatisfiedBy(new Platform("linux", "arm64", "v8"))).isTrue();
        assertThat(Platform.parse("linux/arm64/v8").isSatisfiedBy(new Platform("linux", "arm64", null))).isTrue();
        assertThat(arm64.isSatisfiedBy(new Platform("linux", "amd64", null))).isFalse();
        assertThat(Platform.parse("linux/arm/v7").isSatisfiedBy(new Platform("linux", "arm", "v6"))).isFalse();
        assertThat(Platform.parse("Linux/ARM64")).isEqualTo(arm64);
        for (String bad : new String[] {"", "linux", "linux/", "/arm64", "linux/arm/v7/x", "linux arm64"}) {
            assertThatThrownBy(() -> Platform.parse(bad, "--require-platform")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--require-platform: ");
        }
    }
}
