package io.inventiv.pipeline.gate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * scan-keys on the packaged jar against a real git repository of keys generated here with
 * ssh-keygen, openssl and gpg, tokens, and look-alikes that must not match.
 */
class ScanKeysIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static KeyCorpus corpus;

    @BeforeAll
    static void buildCorpus() throws Exception {
        corpus = KeyCorpus.create(tmp)
                .sshKey("keys/ssh/id_rsa", "rsa", null, "", "openssh-private-key")
                .sshKey("keys/ssh/id_rsa_pass", "rsa", null, "correct horse", "openssh-private-key")
                .sshKey("keys/ssh/id_ecdsa", "ecdsa", null, "", "openssh-private-key")
                .sshKey("keys/ssh/id_ed25519", "ed25519", null, "", "openssh-private-key")
                .sshKey("keys/ssh/id_ed25519_pass", "ed25519", null, "correct horse", "openssh-private-key")
                .sshKey("keys/pem/rsa.pem", "rsa", "PEM", "", "rsa-private-key")
                .sshKey("keys/pem/rsa_pass.pem", "rsa", "PEM", "correct horse", "rsa-private-key")
                .sshKey("keys/pem/ecdsa.pem", "ecdsa", "PEM", "", "ec-private-key")
                .sshKey("keys/pem/dsa.pem", "dsa", "PEM", "", "dsa-private-key")
                .sshKey("keys/pem/rsa_pkcs8.pem", "rsa", "PKCS8", "", "pkcs8-private-key")
                .openssl("keys/openssl/genrsa.pem", "pkcs8-private-key", "openssl", "genrsa", "2048")
                .openssl("keys/openssl/genrsa_traditional.pem", "rsa-private-key",
                        "openssl", "genrsa", "-traditional", "2048")
                .openssl("keys/openssl/genpkey_ed25519.pem", "pkcs8-private-key",
                        "openssl", "genpkey", "-algorithm", "ed25519")
                .openssl("keys/openssl/encrypted_pkcs8.pem", "encrypted-pkcs8-private-key",
                        "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-aes-256-cbc", "-pass", "pass:correct-horse")
                .openssl("keys/openssl/ec_with_params.pem", "ec-private-key",
                        "openssl", "ecparam", "-name", "prime256v1", "-genkey")
                .gpgSecretKey("keys/gpg/secret.asc", "lookalikes/gpg-public.asc")
                .puttyKey("keys/putty/deploy.ppk")
                .puttygen("keys/putty/ed25519_v3.ppk", "ed25519", 3, "")
                .puttygen("keys/putty/rsa_v2_pass.ppk", "rsa", 2, "correct horse")
                .certificateAndPublicKey("lookalikes/cert.pem", "lookalikes/public-key.pem");
        corpus.token("config/github.env", "ghp_", 7, "github-personal-access-token");
        corpus.token("config/oauth.yaml", "gho_", 1, "github-oauth-token");
        corpus.token("config/fine-grained.toml", "github_pat_", 3, "github-fine-grained-token");
        corpus.awsPair("config/aws/credentials", "AKIA");
        corpus.awsPair("config/aws/session", "ASIA");
        corpus.write("lookalikes/README.md", """
                Keys start with -----BEGIN RSA PRIVATE KEY----- and end with -----END RSA PRIVATE KEY-----.
                An OpenSSH key looks like this:

                    -----BEGIN OPENSSH PRIVATE KEY-----
                    ...
                    -----END OPENSSH PRIVATE KEY-----

                A PuTTY key starts with PuTTY-User-Key-File-3: ssh-ed25519 and has Private-Lines: 1.
                """)
                .write("lookalikes/placeholder.pem", "-----BEGIN PRIVATE KEY-----\n" + "XXXX".repeat(16) + "\n"
                        + "XXXX".repeat(16) + "\n-----END PRIVATE KEY-----\n")
                .write("lookalikes/tokens.txt", "short: ghp_" + KeyCorpus.random("abcdefABCDEF0123456789", 20) + "\n"
                        + "glued: ghp_" + KeyCorpus.random("abcdefABCDEF0123456789", 40) + "\n"
                        + "placeholder: gho_" + "x".repeat(36) + "\n"
                        + "identifier: myghp_" + KeyCorpus.random("abcdefABCDEF0123456789", 36) + "\n")
                .write("lookalikes/aws.txt", "aws_access_key_id = AKIA" + KeyCorpus.random("ABCDEFGHIJ0123456789", 16)
                        + "\n# no secret here, only a commit: 3f786850e387550fdab836ed7e6dc881de23001b\n"
                        + "docs example: AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        String inlineToken = "ghp_" + KeyCorpus.random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", 36);
        corpus.write("allowed/fixture.env", "# a revoked token kept as a fixture\nTOKEN=" + inlineToken
                        + "  # inventiv:allow\n")
                .secret(inlineToken);
        String yamlKey = KeyCorpus.read(Path.of(corpus.repo.resolve("keys/pem/rsa.pem").toString()));
        corpus.write("allowed/fixture.yaml", "tls:\n  key: |  # inventiv:allow (test key, never deployed)\n    "
                + yamlKey.strip().replace("\n", "\n    ") + "\n");
        byte[] binary = ("\0\0binary" + KeyCorpus.read(corpus.repo.resolve("keys/pem/rsa.pem"))).getBytes();
        corpus.write("assets/blob.bin", binary)
                .write(".gitignore", "ignored.pem\n");
        // A tracked symlink to a key outside the checkout: git stores the link, the scanner never follows it.
        Path outside = tmp.resolve("outside.pem");
        Files.writeString(outside, KeyCorpus.read(corpus.repo.resolve("keys/pem/rsa.pem")));
        Files.createSymbolicLink(corpus.repo.resolve("link-to-outside.pem"), outside);
        corpus.commitAll();
        // Present on disk, not tracked: never read.
        Files.writeString(corpus.repo.resolve("untracked.pem"), KeyCorpus.read(corpus.repo.resolve("keys/pem/rsa.pem")));
        Files.writeString(corpus.repo.resolve("ignored.pem"), KeyCorpus.read(corpus.repo.resolve("keys/pem/rsa.pem")));
    }

    @Test
    void findsEveryGeneratedKeyAndTokenAndNothingElse() throws Exception {
        Result r = scan("--json");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode json = JSON.readTree(r.stdout());
        Map<String, String> found = new HashMap<>();
        for (JsonNode f : json.get("findings")) {
            assertThat(found.put(f.get("path").asText(), f.get("kind").asText()))
                    .as("one finding per file: " + f).isNull();
            assertThat(f.get("fingerprint").asText()).matches("sha256:[0-9a-f]{16}");
        }
        assertThat(found).isEqualTo(corpus.expected());
        assertThat(json.get("binaryFilesSkipped").asLong()).isEqualTo(1);
        assertThat(json.get("suppressed").asLong()).isEqualTo(2);
        long tracked = io.inventiv.pipeline.testsupport.Processes.run(List.of("git", "ls-files"), corpus.repo)
                .lines().count();
        assertThat(json.get("filesScanned").asLong()).isEqualTo(tracked - 2); // all but the binary and the symlink
        assertThat(json.get("bytesScanned").asLong()).isPositive();
    }

    @Test
    void reportsTheLineWhereEachSecretStarts() throws Exception {
        JsonNode json = JSON.readTree(scan("--json").stdout());
        Map<String, Integer> lines = new HashMap<>();
        for (JsonNode f : json.get("findings")) {
            lines.put(f.get("path").asText(), f.get("line").asInt());
        }
        assertThat(lines).containsEntry("config/github.env", 7)
                .containsEntry("config/oauth.yaml", 1)
                .containsEntry("config/fine-grained.toml", 3)
                .containsEntry("config/aws/credentials", 2)
                .containsEntry("keys/openssl/ec_with_params.pem", 4)
                .containsEntry("keys/pem/rsa_pass.pem", 1);
    }

    @Test
    void neverPrintsAnySecretInTextOrJson() {
        Result human = scan();
        Result json = scan("--json");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(corpus.secrets()).hasSizeGreaterThan(40);
        for (String secret : corpus.secrets()) {
            assertThat(human.all()).doesNotContain(secret);
            assertThat(json.all()).doesNotContain(secret);
        }
        assertThat(human.stdout()).contains("keys/putty/deploy.ppk:1: putty-private-key (sha256:");
        assertThat(json.stderr()).as("--json keeps the human report for the build log")
                .contains("keys/putty/deploy.ppk:1: putty-private-key (sha256:");
    }

    @Test
    void allowlistGlobsAndFingerprintsSuppressFindings() throws Exception {
        JsonNode first = JSON.readTree(scan("--json").stdout());
        String awsFingerprint = null;
        for (JsonNode f : first.get("findings")) {
            if (f.get("path").asText().equals("config/aws/credentials")) {
                awsFingerprint = f.get("fingerprint").asText();
            }
        }
        Path allow = tmp.resolve("allow.txt");
        Files.writeString(allow, "# accepted\nkeys/**\n*.ppk   # PuTTY fixtures\nconfig/*.env\n" + awsFingerprint + "\n");
        Result r = scan("--json", "--allowlist", allow.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode json = JSON.readTree(r.stdout());
        Map<String, String> found = new HashMap<>();
        json.get("findings").forEach(f -> found.put(f.get("path").asText(), f.get("kind").asText()));
        assertThat(found).containsOnlyKeys("config/oauth.yaml", "config/fine-grained.toml", "config/aws/session");
        assertThat(json.get("suppressed").asLong()).isEqualTo(3); // the fingerprint and the two inline markers

        Files.writeString(allow, "**\n");
        Result all = scan("--json", "--allowlist", allow.toString());
        assertThat(all.exitCode()).isZero();
        assertThat(JSON.readTree(all.stdout()).get("findings")).isEmpty();
    }

    @Test
    void cleanRepositoryExitsZero() throws Exception {
        Path repo = tmp.resolve("clean");
        Files.createDirectories(repo);
        KeyCorpus.git(repo, "init", "-q", ".");
        Files.writeString(repo.resolve("main.rs"), "fn main() { println!(\"-----BEGIN RSA PRIVATE KEY-----\"); }\n");
        Files.copy(corpus.repo.resolve("lookalikes/cert.pem"), repo.resolve("cert.pem"));
        KeyCorpus.git(repo, "add", ".");
        Result r = EngineProcess.run(null, null, repo, "scan-keys", "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.get("findings")).isEmpty();
        assertThat(json.get("filesScanned").asLong()).isEqualTo(2);
        Result text = EngineProcess.run(null, null, repo, "scan-keys");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("0 findings in 2 tracked files");
    }

    @Test
    void aDirectoryOutsideGitIsBadInput() {
        Result r = EngineProcess.run(null, null, "scan-keys", "--json", "--source-dir", tmp.resolve("corpus-gen-nowhere").toString());
        assertBadInput(r, "--source-dir");
        Path plain = tmp.resolve("not-a-repo");
        plain.toFile().mkdirs();
        Result r2 = EngineProcess.run(null, null, "scan-keys", "--source-dir", plain.toString());
        assertBadInput(r2, "--source-dir");
        assertThat(r2.stderr()).contains("not inside a git work tree");
    }

    @Test
    void anUnreadableOrMalformedAllowlistIsBadInput() throws Exception {
        Result missing = scan("--allowlist", tmp.resolve("no-such-allowlist").toString());
        assertBadInput(missing, "--allowlist");
        Path bad = tmp.resolve("bad-allow.txt");
        Files.writeString(bad, "sha256:nothex\n");
        Result malformed = scan("--json", "--allowlist", bad.toString());
        assertBadInput(malformed, "--allowlist");
        assertThat(malformed.stderr()).contains("line 1");
        assertThat(malformed.stdout()).contains("\"exitCode\":2");
    }

    @Test
    void helpNamesEveryFlag() {
        Result r = EngineProcess.run(null, null, "scan-keys", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("--source-dir=DIR", "--allowlist=FILE", "--json");
    }

    private static void assertBadInput(Result r, String flag) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains(flag).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static Result scan(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("scan-keys", "--source-dir", corpus.repo.toString()));
        argv.addAll(List.of(args));
        return EngineProcess.run(null, null, argv.toArray(String[]::new));
    }
}
