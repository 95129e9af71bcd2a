package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;

class ProfileLoaderTest {

    /** The smallest valid profile; tests change one thing in it. */
    static final String MINIMAL = """
            name: demo
            variables:
              HOST: { kind: setting, format: host }
              FREE: { kind: setting, required: false }
              PW: { kind: secret, composeKey: PW }
            ssh:
              hosts: ["${HOST}"]
            remote:
              dir: /opt/demo
              composeFile: compose.yml
            release:
              api: { image: 127.0.0.1:5000/demo-api, envKey: API_IMAGE }
            """;

    @Test
    void stagingDeclaresTheTeamsGithubEnvironment() {
        EnvProfile p = ProfileLoader.load("staging");
        assertThat(p.variables()).extracting(VariableSpec::name).containsExactly(
                "STG_REMOTE_HOST", "STG_SECRETS_DIR", "STG_ROOT_DOMAIN", "STG_FRONTEND_DOMAIN", "STG_API_DOMAIN",
                "STG_ACME_EMAIL", "STG_POSTGRES_PASSWORD", "STG_WORKER_AUTH_TOKEN", "STG_SSH_PRIVATE_KEY",
                "STG_REMOTE_PORT", "STG_REMOTE_USER", "GITHUB_OWNER", "IMAGE_REPO", "GHCR_USERNAME",
                "STG_PROVIDER", "STG_SCALEWAY_PROJECT_ID", "STG_RUST_LOG");
        assertThat(p.variables().stream().filter(v -> v.kind() == VariableKind.SECRET).map(VariableSpec::name))
                .containsExactly("STG_POSTGRES_PASSWORD", "STG_WORKER_AUTH_TOKEN");
        assertThat(p.variable("STG_SSH_PRIVATE_KEY").kind()).isEqualTo(VariableKind.SSH_KEY);
        assertThat(p.variables().stream().filter(VariableSpec::required).map(VariableSpec::name)).containsExactly(
                "STG_REMOTE_HOST", "STG_SECRETS_DIR", "STG_ROOT_DOMAIN", "STG_FRONTEND_DOMAIN", "STG_API_DOMAIN",
                "STG_ACME_EMAIL", "STG_POSTGRES_PASSWORD", "STG_WORKER_AUTH_TOKEN", "STG_SSH_PRIVATE_KEY");
        assertThat(p.release()).containsOnlyKeys("api", "orchestrator", "frontend", "worker");
        assertThat(p.userCandidates()).containsExactly("ubuntu", "debian", "root");
        assertThat(p.rollbackAuto()).isTrue();
        assertThat(p.keepReleases()).isEqualTo(3);
        assertThat(p.timeouts()).isEqualTo(DeployTimeouts.DEFAULTS);
    }

    @Test
    void productionIsStagingWithTheProdPrefix() throws IOException {
        String staging = resource("staging.yml");
        String production = resource("production.yml");
        String expected = staging.replace("STG_", "PROD_").replace("name: staging", "name: production")
                .replace("built-in staging profile", "built-in production profile")
                .replace("Built-in staging profile: the team's GitHub \"staging\"",
                        "Built-in production profile: the team's GitHub \"production\"");
        assertThat(production).isEqualTo(expected);
        assertThat(ProfileLoader.load("production").name()).isEqualTo("production");
    }

    @Test
    void defaultsFillWhatAProfileLeavesOut() {
        EnvProfile p = ProfileLoader.parse("test", MINIMAL, null);
        assertThat(p.port().toString()).isEqualTo("22");
        assertThat(p.userCandidates()).isEqualTo(ProfileLoader.DEFAULT_USER_CANDIDATES);
        assertThat(p.keepReleases()).isEqualTo(ProfileLoader.DEFAULT_KEEP_RELEASES);
        assertThat(p.rollbackAuto()).isTrue();
        assertThat(p.variable("HOST").required()).isTrue();
        assertThat(p.variable("FREE").required()).isFalse();
        assertThat(p.variable("FREE").format()).isEqualTo(ValueFormat.TEXT);
    }

    @Test
    void rollbackOffAndTimeoutsAreRead() {
        EnvProfile p = ProfileLoader.parse("test", MINIMAL + "rollback: off\ntimeouts: { health: 90s, up: 1h30m, pull: 120s }\n", null);
        assertThat(p.rollbackAuto()).isFalse();
        assertThat(p.timeouts().get("health")).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.timeouts().get("up")).isEqualTo(Duration.ofMinutes(90));
        assertThat(p.timeouts().get("pull")).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.timeouts().get("lockWait")).isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key|colour: blue|colour: unknown key",
        "misspelled variable key|variables: { X: { kind: setting, requird: true } }|variables.X.requird: unknown key",
        "unknown kind|variables: { X: { kind: password } }|'password' is not a kind",
        "unknown format|variables: { X: { kind: setting, format: url } }|'url' is not a format",
        "secret with default|variables: { X: { kind: secret, default: abc } }|a secret has no default",
        "required with default|variables: { X: { kind: setting, required: true, default: a } }|is required and has a default",
        "ssh-key with composeKey|variables: { K: { kind: ssh-key, composeKey: KEY } }|an ssh-key variable has no default",
        "default refers to a later variable|variables: { A: { kind: setting, default: '${B}' }, B: { kind: setting } }|not a setting declared above it",
        "bad reference syntax|variables: { A: { kind: setting, default: '${B:-x}' } }|is not a ${NAME}",
        "rollback neither auto nor off|rollback: sometimes|'sometimes' is neither auto nor off",
        "bad timeout|timeouts: { health: soon }|'soon' is not a duration",
        "unknown timeout|timeouts: { coffee: 5m }|unknown timeout",
        "keep zero|keepReleases: 0|keepReleases: expected a whole number ≥ 1, got 0",
        "keep many|keepReleases: many|keepReleases: expected a whole number ≥ 1, got \"many\"",
        "keep a list|keepReleases: [3]|keepReleases: expected a whole number ≥ 1, got a list",
        "variables a list|variables: [HOST, FREE]|variables: expected a mapping of key: value, got a list",
        "a variable a string|variables: { X: setting }|variables.X: expected a mapping of key: value, got \"setting\"",
        "required not a boolean|variables: { X: { kind: setting, required: maybe } }|variables.X.required: expected true or false, got \"maybe\"",
        "port out of range|ssh: { hosts: [a.example.com], port: 70000 }|ssh.port: expected a port number from 1 to 65535, got 70000",
        "port zero|ssh: { hosts: [a.example.com], port: 0 }|ssh.port: expected a port number from 1 to 65535, got 0",
        "port a word|ssh: { hosts: [a.example.com], port: ssh }|ssh.port: expected a port number from 1 to 65535, got \"ssh\"",
        "hosts a string|ssh: { hosts: a.example.com }|ssh.hosts: expected a list, got \"a.example.com\"",
        "no user candidates|ssh: { hosts: [a.example.com], userCandidates: [] }|ssh.userCandidates: is empty",
        "timeouts a list|timeouts: [5m]|timeouts: expected a mapping of key: value, got a list",
        "release service a list|release: { api: [x] }|release.api: expected a mapping of key: value, got a list",
        "bootstrap package with a space|bootstrap: { packages: [docker.io, 'tree; reboot'] }|'tree; reboot' is not a Debian package name",
        "bootstrap package list empty|bootstrap: { packages: [] }|bootstrap.packages: is empty",
    })
    void refusesMalformedProfilesNamingTheKey(String why, String override, String message) {
        assertThatThrownBy(() -> ProfileLoader.parse("profile x.yml", replaceTopLevel(MINIMAL, override), null))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("profile x.yml: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "com.fasterxml", "Integer",
                        "LinkedHashMap", "Exception", "\n"));
    }

    @Test
    void bootstrapPackagesAreReadAndDefaultToNoneMeaningDockerAndComposeWhenMissing() {
        assertThat(ProfileLoader.parse("test", MINIMAL, null).bootstrapPackages()).isEmpty();
        EnvProfile p = ProfileLoader.parse("test", MINIMAL + "bootstrap: { packages: [docker.io, docker-compose-v2] }\n", null);
        assertThat(p.bootstrapPackages()).containsExactly("docker.io", "docker-compose-v2");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        String yaml = MINIMAL.replace("  FREE: { kind: setting, required: false }\n",
                "  FREE: { kind: setting, required: false }\n  FREE: { kind: secret }\n");
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("p: FREE: given twice (line 5)");
    }

    @Test
    void anEmptyProfileOrAListIsRefusedInAPlainSentence() {
        assertThatThrownBy(() -> ProfileLoader.parse("p", "", null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("p: is empty");
        assertThatThrownBy(() -> ProfileLoader.parse("p", "- name: demo\n", null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("p: expected a mapping of keys, got a list");
    }

    @Test
    void aLiteralHostKeyMustBeAPublicKeyLine() {
        String yaml = MINIMAL.replace("hosts: [\"${HOST}\"]", "hosts: [\"${HOST}\"]\n  hostKey: \"host ssh-ed25519 AAAA\"");
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("p: ssh.hostKey: not a public host key line");
    }

    @Test
    void aHookMayNotSpliceASecretIntoARemoteCommand() {
        String yaml = MINIMAL + "hooks: { preDeploy: 'pg_dump --password ${PW}' }\n";
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("hooks.preDeploy").hasMessageContaining("a secret");
    }

    @Test
    void aHookMayNotSpliceFreeTextIntoARemoteCommand() {
        String yaml = MINIMAL + "hooks: { cert: 'renew ${FREE}' }\n";
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("hooks.cert")
                .hasMessageContaining("admits shell characters");
    }

    @Test
    void aHookMaySpliceShellSafeSettings() {
        EnvProfile p = ProfileLoader.parse("p", MINIMAL + "hooks: { healthCheck: 'curl -fsS http://${HOST}:8080/health' }\n", null);
        assertThat(p.healthCheck().references()).containsExactly("HOST");
    }

    @Test
    void aDeployFieldMustReferToADeclaredVariable() {
        String yaml = MINIMAL.replace("[\"${HOST}\"]", "[\"${HOSTNAME}\"]");
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("ssh.hosts[0]").hasMessageContaining("HOSTNAME");
    }

    @Test
    void composeKeysAreUnique() {
        String yaml = MINIMAL.replace("PW: { kind: secret, composeKey: PW }", "PW: { kind: secret, composeKey: API_IMAGE }");
        assertThatThrownBy(() -> ProfileLoader.parse("p", yaml, null))
                .isInstanceOf(UsageException.class).hasMessageContaining("API_IMAGE is used twice");
    }

    @Test
    void anUnknownProfileNameIsBadInputNamingTheFlag() {
        assertThatThrownBy(() -> ProfileLoader.load("stagign"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--profile: no built-in profile 'stagign'")
                .hasMessageContaining("staging, production");
        assertThatThrownBy(() -> ProfileLoader.load("no/such/profile.yml"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--profile: cannot read profile file");
    }

    /** Replaces (or adds) the top-level key the override line sets. */
    private static String replaceTopLevel(String yaml, String override) {
        String key = override.substring(0, override.indexOf(':') + 1);
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        boolean replaced = false;
        for (String line : yaml.split("\n")) {
            if (line.startsWith(key)) {
                out.append(override).append('\n');
                skipping = true;
                replaced = true;
                continue;
            }
            if (skipping && line.startsWith(" ")) {
                continue;
            }
            skipping = false;
            out.append(line).append('\n');
        }
        if (!replaced) {
            out.append(override).append('\n');
        }
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProfileLoader.class.getResourceAsStream("/io/inventiv/pipeline/profiles/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
