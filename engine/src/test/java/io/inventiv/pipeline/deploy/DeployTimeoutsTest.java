package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.remote.TargetFile;

/** One table of deploy timeouts: a profile and a target file that set none get the same values. */
class DeployTimeoutsTest {

    @Test
    void aTargetFileAndAProfileShareTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("target.yml");
        Files.writeString(file, "hosts: [h]\nremoteDir: /srv/app\n");
        Map<String, Duration> fromFile = TargetFile.read(file).timeouts();
        Map<String, Duration> fromProfile = Profiles.resolveConnection("staging",
                Map.of("STG_REMOTE_HOST", "h", "STG_SECRETS_DIR", "/srv/s")).timeouts();

        assertThat(fromFile).isEqualTo(DeployTimeouts.DEFAULTS).isEqualTo(fromProfile);
        assertThat(DeployTimeouts.DEFAULTS.get("lockWait")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aTargetFileOverridesByNameAndIsCheckedLikeAProfile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("target.yml");
        Files.writeString(file, "hosts: [h]\nremoteDir: /srv/app\ntimeouts: { lockWait: 1m, health: 30s }\n");
        assertThat(TargetFile.read(file).timeouts()).containsEntry("lockWait", Duration.ofMinutes(1))
                .containsEntry("health", Duration.ofSeconds(30)).containsEntry("pull", Duration.ofMinutes(10));

        for (String[] bad : new String[][] {
            {"{ lockWait: 300 }", file + ": timeouts.lockWait: '300' is not a duration"},
            {"{ coffee: 5m }", file + ": timeouts.coffee: unknown timeout"},
            {"{ total: 48h }", file + ": timeouts.total: '48h' is longer than 24h"},
            {"{ lease: 1s }", file + ": timeouts.lease: 1s is shorter than 2s"},
        }) {
            Files.writeString(file, "hosts: [h]\nremoteDir: /srv/app\ntimeouts: " + bad[0] + "\n");
            assertThatThrownBy(() -> TargetFile.read(file)).as(bad[0]).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith(bad[1]);
        }
    }
}
