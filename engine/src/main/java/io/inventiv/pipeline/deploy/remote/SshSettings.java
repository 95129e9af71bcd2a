package io.inventiv.pipeline.deploy.remote;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the engine reaches hosts, from the command line (never secrets: the key itself stays in
 * the agent behind SSH_AUTH_SOCK or in the 0600 file named here).
 *
 * @param identityFile       private key file ({@code --identity-file}), or null to use SSH_AUTH_SOCK
 * @param knownHosts         known_hosts file, or null for {@code ~/.ssh/known_hosts}; ignored when the target pins a key
 * @param acceptNewHostKey   trust a host seen for the first time (never a changed key)
 * @param user               login user; null tries the target's user candidates in order
 * @param connectTimeout     TCP connect + handshake timeout
 */
public record SshSettings(Path identityFile, Path knownHosts, boolean acceptNewHostKey, String user,
                          Duration connectTimeout) {

    public SshSettings {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
    }
}
