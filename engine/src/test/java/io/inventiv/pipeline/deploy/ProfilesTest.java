package io.inventiv.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;
import io.inventiv.pipeline.testsupport.Processes;

class ProfilesTest {
    @TempDir
    static Path dir;
    static Path key;

    @BeforeAll
    static void makeKey() {
        key = dir.resolve("id_ed25519");
        Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString()));
    }

    @Test
    void listsEveryMissingVariableAtOnceByName() {
        ProfileReport r = Profiles.check("staging", Map.of(), null);
        assertThat(r.ok()).isFalse();
        assertThat(r.missing()).containsExactly("STG_REMOTE_HOST", "STG_SECRETS_DIR", "STG_ROOT_DOMAIN",
                "STG_FRONTEND_DOMAIN", "STG_API_DOMAIN", "STG_ACME_EMAIL", "STG_POSTGRES_PASSWORD",
                "STG_WORKER_AUTH_TOKEN", "STG_SSH_PRIVATE_KEY", "GITHUB_OWNER");
        assertThat(r.invalid()).isEmpty();
        assertThatThrownBy(() -> Profiles.resolve("staging", Map.of(), null))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("profile staging: missing STG_REMOTE_HOST, STG_SECRETS_DIR,")
                .hasMessageContaining("STG_WORKER_AUTH_TOKEN, STG_SSH_PRIVATE_KEY, GITHUB_OWNER");
    }

    @Test
    void reachingTheHostsNeedsOnlyTheConnectionSettingsNotTheSecrets() {
        Map<String, String> env = Map.of("STG_REMOTE_HOST", "10.1.2.3", "STG_SECRETS_DIR", "/srv/inventiv/secrets",
                "STG_REMOTE_PORT", "2222");
        DeployTarget t = Profiles.resolveConnection("staging", env);
        assertThat(t.hosts()).containsExactly("10.1.2.3");
        assertThat(t.port()).isEqualTo(2222);
        assertThat(t.userCandidates()).containsExactly("ubuntu", "debian", "root");
        assertThat(t.remoteDir()).isEqualTo("/opt/inventiv-agents");
        assertThat(t.secretsDir()).isEqualTo("/srv/inventiv/secrets");
        assertThat(t.composeFile()).hasFileName("docker-compose.yml");
        // Nothing of the release: no services, no hooks (the health check needs STG_API_DOMAIN).
        assertThat(t.releaseServices()).isEmpty();
        assertThat(t.healthCheck()).isNull();

        assertThatThrownBy(() -> Profiles.resolveConnection("staging", Map.of("STG_REMOTE_PORT", "99999")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("profile staging: missing STG_REMOTE_HOST, STG_SECRETS_DIR; STG_REMOTE_PORT")
                .hasMessageNotContaining("POSTGRES").hasMessageNotContaining("GITHUB_OWNER")
                .hasMessageNotContaining("STG_SSH_PRIVATE_KEY").hasMessageNotContaining("99999");
    }

    @Test
    void aConnectionSettingsDefaultPullsInTheVariableItRefersTo() {
        String yaml = "name: chain\n"
                + "variables:\n"
                + "  BASE_HOST: { kind: setting, format: host }\n"
                + "  APP_HOST: { kind: setting, format: host, default: \"${BASE_HOST}\" }\n"
                + "  APP_TOKEN: { kind: secret, composeKey: TOKEN }\n"
                + "ssh:\n  hosts: [\"${APP_HOST}\"]\n"
                + "remote:\n  dir: /srv/app\n  composeFile: compose.yml\n"
                + "release:\n  api: { image: \"ghcr.io/o/api\", envKey: API_IMAGE }\n";
        Path file = dir.resolve("chain.yml");
        try {
            Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThatThrownBy(() -> Profiles.resolveConnection(file.toString(), Map.of()))
                .hasMessageContaining("missing BASE_HOST").hasMessageNotContaining("APP_TOKEN");
        assertThat(Profiles.resolveConnection(file.toString(), Map.of("BASE_HOST", "vm1")).hosts()).containsExactly("vm1");
    }

    @Test
    void bootstrapReachesTheHostsWithTheProfilesPackageListAndTheBuiltInsKeepTheDefault() throws Exception {
        String yaml = "name: pkgs\n"
                + "variables:\n  HOST: { kind: setting, format: host }\n"
                + "ssh:\n  hosts: [\"${HOST}\"]\n"
                + "remote:\n  dir: /srv/app\n  composeFile: compose.yml\n"
                + "release:\n  api: { image: \"ghcr.io/o/api\", envKey: API_IMAGE }\n"
                + "bootstrap:\n  packages: [docker.io, docker-compose-v2]\n";
        Path file = dir.resolve("pkgs.yml");
        Files.writeString(file, yaml);
        assertThat(Profiles.resolveConnection(file.toString(), Map.of("HOST", "vm1")).bootstrapPackages())
                .containsExactly("docker.io", "docker-compose-v2");
        assertThat(Profiles.resolveConnection("staging", Map.of("STG_REMOTE_HOST", "vm1", "STG_SECRETS_DIR", "/srv/s"))
                .bootstrapPackages()).isEmpty();
    }

    @Test
    void anEmptyValueCountsAsMissing() {
        Map<String, String> env = StagingEnv.complete();
        env.put("STG_API_DOMAIN", "");
        assertThat(Profiles.check("staging", env, key).missing()).containsExactly("STG_API_DOMAIN");
    }

    @Test
    void appliesDefaultsAndLowerCasesTheOwnerInTheImageRepository() {
        ResolvedProfile p = Profiles.resolve("staging", StagingEnv.complete(), key);
        assertThat(p.report().defaults()).containsExactly(
                Map.entry("STG_REMOTE_PORT", "22"),
                Map.entry("STG_REMOTE_USER", "ubuntu"),
                Map.entry("IMAGE_REPO", "ghcr.io/inventiv-org/inventiv-agents"),
                Map.entry("GHCR_USERNAME", "Inventiv-Org"));
        assertThat(p.report().sshKey()).isEqualTo("file");
        DeployTarget t = p.deployTarget();
        assertThat(t.environment()).isEqualTo("staging");
        assertThat(t.hosts()).containsExactly("staging.example.com");
        assertThat(t.port()).isEqualTo(22);
        assertThat(t.userCandidates()).containsExactly("ubuntu", "debian", "root");
        assertThat(t.hostKey()).isNull();
        assertThat(t.remoteDir()).isEqualTo("/opt/inventiv-agents");
        assertThat(t.secretsDir()).isEqualTo("/srv/inventiv/secrets");
        assertThat(t.composeFile()).isEqualTo(Path.of("deploy/docker-compose.yml"));
        assertThat(t.releaseServices()).containsExactly(
                Map.entry("api", "ghcr.io/inventiv-org/inventiv-agents-api"),
                Map.entry("orchestrator", "ghcr.io/inventiv-org/inventiv-agents-orchestrator"),
                Map.entry("frontend", "ghcr.io/inventiv-org/inventiv-agents-frontend"),
                Map.entry("worker", "ghcr.io/inventiv-org/inventiv-agents-worker"));
        assertThat(t.imageEnvKeys()).containsExactly(Map.entry("api", "API_IMAGE"),
                Map.entry("orchestrator", "ORCHESTRATOR_IMAGE"), Map.entry("frontend", "FRONTEND_IMAGE"),
                Map.entry("worker", "WORKER_IMAGE"));
        assertThat(t.healthCheck()).isEqualTo("https://api.example.com/health");
        assertThat(t.preDeployHook()).isNull();
        assertThat(t.certHook()).isNull();
        assertThat(t.rollbackAuto()).isTrue();
        assertThat(t.keepReleases()).isEqualTo(3);
        assertThat(t.timeouts()).containsEntry("lockWait", Duration.ofMinutes(10));
        assertThat(p.settings()).containsEntry("GHCR_USERNAME", "Inventiv-Org").doesNotContainKey("STG_POSTGRES_PASSWORD");
    }

    @Test
    void explicitSettingsWinOverDefaultsAndAnExplicitUserIsTheOnlyCandidate() {
        Map<String, String> env = StagingEnv.complete();
        env.put("STG_REMOTE_PORT", "2222");
        env.put("STG_REMOTE_USER", "deploy");
        env.put("IMAGE_REPO", "127.0.0.1:5000/team/agents");
        env.remove("GITHUB_OWNER");
        env.put("GHCR_USERNAME", "bot");
        ResolvedProfile p = Profiles.resolve("staging", env, key);
        assertThat(p.report().defaults()).isEmpty();
        assertThat(p.deployTarget().port()).isEqualTo(2222);
        assertThat(p.deployTarget().userCandidates()).containsExactly("deploy");
        assertThat(p.deployTarget().releaseServices().get("api")).isEqualTo("127.0.0.1:5000/team/agents-api");
    }

    @Test
    void namesEveryMalformedValueWithoutRepeatingIt() {
        Map<String, String> env = StagingEnv.complete();
        env.put("STG_REMOTE_HOST", "host;touch /tmp/pwned");
        env.put("STG_REMOTE_PORT", "70000");
        env.put("STG_API_DOMAIN", "api example com");
        env.put("STG_ACME_EMAIL", "ops-at-example.com");
        env.put("STG_WORKER_AUTH_TOKEN", "wk-first-line-7f3a\nline-token-value-9c2e");
        env.put("IMAGE_REPO", "ghcr.io/Upper/Case");
        env.put("STG_REMOTE_USER", "Root");
        ProfileReport r = Profiles.check("staging", env, key);
        assertThat(r.ok()).isFalse();
        assertThat(r.missing()).isEmpty();
        assertThat(r.invalid()).extracting(ProfileReport.Problem::name).containsExactly("STG_REMOTE_HOST",
                "STG_API_DOMAIN", "STG_ACME_EMAIL", "STG_WORKER_AUTH_TOKEN", "STG_REMOTE_PORT", "STG_REMOTE_USER",
                "IMAGE_REPO");
        assertThat(r.invalid().get(3).problem()).contains("line break").contains("secrets directory");
        String all = r.toString();
        for (String value : List.of("touch /tmp/pwned", "70000", "api example com", "ops-at-example", "line-token-value", "Upper")) {
            assertThat(all).doesNotContain(value);
        }
    }

    @Test
    void theOwnerMustBeAGithubOwner() {
        Map<String, String> env = StagingEnv.complete();
        env.put("GITHUB_OWNER", "my org");
        ProfileReport r = Profiles.check("staging", env, key);
        assertThat(r.invalid()).extracting(ProfileReport.Problem::name).containsExactly("GITHUB_OWNER");
        // IMAGE_REPO and GHCR_USERNAME depend on it and are not reported a second time.
        assertThat(r.missing()).isEmpty();
    }

    @Test
    void aSecretTooShortToMaskIsRefused() {
        Map<String, String> env = StagingEnv.complete();
        env.put("STG_POSTGRES_PASSWORD", "abc");
        assertThat(Profiles.check("staging", env, key).invalid())
                .containsExactly(new ProfileReport.Problem("STG_POSTGRES_PASSWORD",
                        "is shorter than 4 characters, too short to be masked in logs"));
    }

    @Test
    void secretsReachTheRedactorTheMomentTheyAreRead() {
        Map<String, String> env = StagingEnv.complete();
        String secret = "redact-me-" + System.nanoTime();
        env.put("STG_WORKER_AUTH_TOKEN", secret);
        env.put("STG_REMOTE_HOST", "");
        // Even a failing validation has registered the secret it read.
        assertThat(Profiles.check("staging", env, key).ok()).isFalse();
        assertThat(Redactor.global().scrub("token=" + secret)).isEqualTo("token=" + Redactor.MASK);
    }

    @Test
    void anSshKeyInAnEnvironmentVariableIsNeverUsedButIsMasked() {
        Map<String, String> env = StagingEnv.complete();
        // Unique lines only: the global redactor outlives this test in the shared test JVM, so a
        // real PEM header here would mask that header in every later test.
        String pem = "key-line-one-" + System.nanoTime() + "\nb3BlbnNzaC1rZXktdjEAAAAA" + System.nanoTime();
        env.put("STG_SSH_PRIVATE_KEY", pem);
        ProfileReport r = Profiles.check("staging", env, null);
        assertThat(r.missing()).containsExactly("STG_SSH_PRIVATE_KEY");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("STG_SSH_PRIVATE_KEY is set in the environment but never read"));
        assertThat(Redactor.global().scrub(pem)).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA");
    }

    @Test
    void anIdentityFileMustBeAPrivateKeyOnlyItsOwnerCanRead() throws Exception {
        Path pub = Path.of(key + ".pub");
        ProfileReport r = Profiles.check("staging", StagingEnv.complete(), pub);
        assertThat(r.invalid()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("STG_SSH_PRIVATE_KEY");
            assertThat(p.problem()).contains("does not hold a private key");
        });
        Path open = dir.resolve("open_key");
        Files.copy(key, open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Profiles.check("staging", StagingEnv.complete(), open).invalid().get(0).problem())
                .contains("chmod 600");
        assertThat(Profiles.check("staging", StagingEnv.complete(), dir.resolve("absent")).invalid().get(0).problem())
                .contains("is not a readable file");
    }

    @Test
    void rendersTheReleaseImagesThenTheMappedSettingsAndSecrets() {
        Map<String, String> env = StagingEnv.complete();
        env.put("STG_RUST_LOG", "info,api=debug");
        ResolvedProfile p = Profiles.resolveWithoutSshKey("staging", env);
        String text = p.renderEnvFile(release('a', 'b', 'c', 'd'));
        assertThat(text.lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "API_IMAGE='ghcr.io/inventiv-org/inventiv-agents-api@" + StagingEnv.digest('a') + "'",
                "ORCHESTRATOR_IMAGE='ghcr.io/inventiv-org/inventiv-agents-orchestrator@" + StagingEnv.digest('b') + "'",
                "FRONTEND_IMAGE='ghcr.io/inventiv-org/inventiv-agents-frontend@" + StagingEnv.digest('c') + "'",
                "WORKER_IMAGE='ghcr.io/inventiv-org/inventiv-agents-worker@" + StagingEnv.digest('d') + "'",
                "SECRETS_DIR='/srv/inventiv/secrets'",
                "ROOT_DOMAIN='example.com'",
                "FRONTEND_DOMAIN='app.example.com'",
                "API_DOMAIN='api.example.com'",
                "ACME_EMAIL='ops@example.com'",
                "POSTGRES_PASSWORD='" + StagingEnv.POSTGRES_PASSWORD + "'",
                "WORKER_AUTH_TOKEN='" + StagingEnv.WORKER_TOKEN + "'",
                "RUST_LOG='info,api=debug'");
        assertThat(p.secretValues()).containsOnlyKeys("STG_POSTGRES_PASSWORD", "STG_WORKER_AUTH_TOKEN");
        assertThat(p.envFileKeys()).isEqualTo(text.lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('='))).toList());
    }

    @Test
    void refusesAReleaseThatDoesNotMatchTheProfileListingEveryProblem() {
        ResolvedProfile p = Profiles.resolveWithoutSshKey("staging", StagingEnv.complete());
        Map<String, String> refs = release('a', 'b', 'c', 'd');
        refs.remove("worker");
        refs.put("api", "ghcr.io/inventiv-org/inventiv-agents-api:v1@" + StagingEnv.digest('a'));
        refs.put("frontend", "ghcr.io/inventiv-org/inventiv-agents-frontend:latest");
        refs.put("postgres", "postgres@" + StagingEnv.digest('e'));
        assertThatThrownBy(() -> p.renderEnvFile(refs))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("release images: api: names tag :v1 besides the digest")
                .hasMessageContaining("frontend: not repo@sha256:<64 lowercase hex>")
                .hasMessageContaining("worker: no image given")
                .hasMessageContaining("postgres: not a release service of this profile");
    }

    @Test
    void aYamlProfileResolvesItsComposeFileBesideItself() throws Exception {
        Path file = dir.resolve("demo.yml");
        Files.writeString(file, ProfileLoaderTest.MINIMAL);
        Files.writeString(dir.resolve("compose.yml"), "services: {}\n");
        ResolvedProfile p = Profiles.resolve(file.toString(), Map.of("HOST", "10.1.2.3", "PW", "pw-profile-7d1e"), key);
        assertThat(p.deployTarget().composeFile()).isEqualTo(dir.toAbsolutePath().resolve("compose.yml"));
        assertThat(p.deployTarget().hosts()).containsExactly("10.1.2.3");
        assertThat(p.report().notes()).isEmpty();
    }

    @Test
    void aPinnedHostKeyFromAVariableCannotSmuggleASecondKnownHostsLine() throws Exception {
        Path file = dir.resolve("pinned.yml");
        Files.writeString(file, ProfileLoaderTest.MINIMAL
                .replace("  FREE:", "  HK: { kind: setting, format: host-key, required: false }\n  FREE:")
                .replace("hosts: [\"${HOST}\"]", "hosts: [\"${HOST}\"]\n  hostKey: \"${HK}\""));
        String good = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        Map<String, String> env = new LinkedHashMap<>(Map.of("HOST", "10.1.2.3", "PW", "pw-profile-7d1e", "HK", good));
        assertThat(Profiles.resolve(file.toString(), env, key).deployTarget().hostKey()).isEqualTo(good);
        env.put("HK", good + "\n[evil.example.com]:22 " + good);
        assertThat(Profiles.check(file.toString(), env, key).invalid())
                .extracting(ProfileReport.Problem::name).containsExactly("HK");
        env.remove("HK");
        assertThat(Profiles.resolve(file.toString(), env, key).deployTarget().hostKey()).isNull();
    }

    private static Map<String, String> release(char api, char orchestrator, char frontend, char worker) {
        String repo = "ghcr.io/inventiv-org/inventiv-agents-";
        Map<String, String> refs = new LinkedHashMap<>();
        refs.put("api", repo + "api@" + StagingEnv.digest(api));
        refs.put("orchestrator", repo + "orchestrator@" + StagingEnv.digest(orchestrator));
        refs.put("frontend", repo + "frontend@" + StagingEnv.digest(frontend));
        refs.put("worker", repo + "worker@" + StagingEnv.digest(worker));
        return refs;
    }
}
