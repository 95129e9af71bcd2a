package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;

/** Input checks made before ssh is started at all. */
class SshConnectionTest {
    final SshSettings settings = new SshSettings(null, null, false, null, null);

    @Test
    void hostilesHostsUsersAndPortsAreRefusedBeforeConnecting() {
        CommandRunner runner = new CommandRunner();
        assertThatThrownBy(() -> SshConnection.open(runner, "-oProxyCommand=touch /tmp/x", 22, List.of("root"), null, settings))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("host:");
        assertThatThrownBy(() -> SshConnection.open(runner, "vm1", 0, List.of("root"), null, settings))
                .hasMessageStartingWith("port:");
        assertThatThrownBy(() -> SshConnection.open(runner, "vm1", 22, List.of("root;id"), null, settings))
                .hasMessageStartingWith("user:");
        assertThatThrownBy(() -> SshConnection.open(runner, "vm1", 22, List.of(), null, settings))
                .hasMessageStartingWith("--user:");
        assertThatThrownBy(() -> SshConnection.open(runner, "vm1", 22, List.of("root"), null,
                new SshSettings(Path.of("/nonexistent/key"), null, false, null, null)))
                .hasMessageStartingWith("--identity-file:");
    }
}
