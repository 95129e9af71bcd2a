package io.inventiv.pipeline.gate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors on text written here: the shapes secrets take inside files (JSON strings,
 * YAML blocks, CRLF), and the look-alikes that must not match. Key bodies are random base64
 * (the detectors check armor and alphabet, not ASN.1); ScanKeysIT uses keys from real tools.
 */
class SecretDetectionTest {
    @TempDir
    Path dir;

    private static String body(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(KeyCorpus.base64(48)).append('\n');
        }
        return b.toString();
    }

    private static String pem(String label, String body) {
        return "-----BEGIN " + label + "-----\n" + body + "-----END " + label + "-----\n";
    }

    private List<Finding> scan(String text) throws IOException {
        return scan(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Finding> scan(byte[] bytes) throws IOException {
        Path f = dir.resolve("f" + System.nanoTime());
        Files.write(f, bytes);
        FileScanner.Outcome o = new FileScanner(Allowlist.NONE).scan(f, "f");
        return o.binary() ? null : o.findings();
    }

    @Test
    void everyPrivateKeyLabelIsFoundWithItsKind() throws IOException {
        String[][] labels = {
            {"RSA PRIVATE KEY", "rsa-private-key"}, {"EC PRIVATE KEY", "ec-private-key"},
            {"DSA PRIVATE KEY", "dsa-private-key"}, {"PRIVATE KEY", "pkcs8-private-key"},
            {"ENCRYPTED PRIVATE KEY", "encrypted-pkcs8-private-key"},
            {"OPENSSH PRIVATE KEY", "openssh-private-key"}, {"PGP PRIVATE KEY BLOCK", "pgp-private-key-block"}};
        for (String[] l : labels) {
            assertThat(scan("x\n" + pem(l[0], body(5)))).extracting(Finding::kind, Finding::line)
                    .as(l[0]).containsExactly(org.assertj.core.groups.Tuple.tuple(l[1], 2));
        }
    }

    @Test
    void publicKeysCertificatesAndProseDoNotMatch() throws IOException {
        String b = body(5);
        assertThat(scan(pem("PUBLIC KEY", b) + pem("RSA PUBLIC KEY", b) + pem("CERTIFICATE", b)
                + pem("PGP PUBLIC KEY BLOCK", b) + pem("OPENSSH PUBLIC KEY", b))).isEmpty();
        assertThat(scan("Paste your key: it begins with -----BEGIN RSA PRIVATE KEY----- and ends with"
                + " -----END RSA PRIVATE KEY-----.\n")).isEmpty();
        assertThat(scan("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n")).isEmpty();
        assertThat(scan("-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----\n")).isEmpty();
        assertThat(scan(pem("PRIVATE KEY", "AAAA".repeat(30) + "\n"))).as("placeholder body").isEmpty();
        assertThat(scan("-----BEGIN PRIVATE KEY-----\n" + b)).as("no footer").isEmpty();
        assertThat(scan("-----BEGIN PRIVATE KEY-----\n" + b + "-----END RSA PRIVATE KEY-----\n"))
                .as("mismatched footer").isEmpty();
        assertThat(scan("let header = \"-----BEGIN OPENSSH PRIVATE KEY-----\";\nlet body = parse(input);\n")).isEmpty();
    }

    @Test
    void keysPastedIntoJsonYamlOrCommentsAreFound() throws IOException {
        String b = body(4);
        String json = "{\"key\": \"" + pem("RSA PRIVATE KEY", b).replace("\n", "\\n") + "\"}\n";
        assertThat(scan(json)).extracting(Finding::kind).containsExactly("rsa-private-key");
        String yaml = "tls:\n  key: |\n" + pem("EC PRIVATE KEY", b).indent(4);
        assertThat(scan(yaml)).extracting(Finding::kind, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ec-private-key", 3));
        String commented = pem("OPENSSH PRIVATE KEY", b).lines().map(l -> "# " + l).reduce("", (a, l) -> a + l + "\n");
        assertThat(scan(commented)).extracting(Finding::kind).containsExactly("openssh-private-key");
        String encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\n"
                + b + "-----END RSA PRIVATE KEY-----\n";
        assertThat(scan(encrypted)).extracting(Finding::kind).containsExactly("rsa-private-key");
    }

    @Test
    void fingerprintIgnoresLineEndingsAndIndentation() throws IOException {
        String key = pem("PRIVATE KEY", body(6));
        String lf = scan(key).get(0).fingerprint();
        assertThat(scan(key.replace("\n", "\r\n")).get(0).fingerprint()).isEqualTo(lf);
        assertThat(scan("k: |\n" + key.indent(2)).get(0).fingerprint()).isEqualTo(lf);
        assertThat(scan(pem("PRIVATE KEY", body(6))).get(0).fingerprint()).isNotEqualTo(lf);
    }

    @Test
    void githubTokensMatchOnlyTheirRealShapes() throws IOException {
        String b62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        String body36 = KeyCorpus.random(b62, 36);
        assertThat(scan("t=ghp_" + body36 + "\n")).extracting(Finding::kind)
                .containsExactly("github-personal-access-token");
        assertThat(scan("t=gho_" + body36)).extracting(Finding::kind).containsExactly("github-oauth-token");
        String pat = "github_pat_" + KeyCorpus.random(b62, 22) + "_" + KeyCorpus.random(b62, 59);
        assertThat(scan("GH_TOKEN='" + pat + "'\n")).extracting(Finding::kind)
                .containsExactly("github-fine-grained-token");
        assertThat(scan("t=ghp_" + body36.substring(1) + "\n")).as("35 characters").isEmpty();
        assertThat(scan("t=ghp_" + body36 + "A\n")).as("37 characters").isEmpty();
        assertThat(scan("t=xghp_" + body36 + "\n")).as("inside a longer word").isEmpty();
        assertThat(scan("t=ghp_" + "x".repeat(36) + "\n")).as("placeholder").isEmpty();
        assertThat(scan("t=" + pat.replace(pat.substring(33, 34), "-") + "\n")).as("no separator").isEmpty();
        assertThat(scan("fn ghp_(x: u32) {}\nlet gho_ = 1;\n")).isEmpty();
    }

    @Test
    void awsKeyIdsNeedTheirSecretNearby() throws IOException {
        String id = "AKIA" + KeyCorpus.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String secret = KeyCorpus.awsSecret();
        assertThat(scan(id + ":" + secret + "\n")).extracting(Finding::kind, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aws-access-key", 1));
        assertThat(scan("key: " + id + "\n" + "x\n".repeat(4) + "secret: " + secret + "\n")).hasSize(1);
        assertThat(scan("secret: " + secret + "\n" + "x\n".repeat(4) + "key: " + id + "\n")).hasSize(1);
        assertThat(scan("key: " + id + "\n" + "x\n".repeat(8) + "secret: " + secret + "\n")).as("too far").isEmpty();
        assertThat(scan("key: " + id + "\n")).as("id alone").isEmpty();
        assertThat(scan("key: " + id + "\ncommit 3f786850e387550fdab836ed7e6dc881de23001b\n")).as("git sha").isEmpty();
        assertThat(scan("secret: " + secret + "\n")).as("secret alone").isEmpty();
        assertThat(scan("key: X" + id + "\nsecret: " + secret + "\n")).as("inside a longer word").isEmpty();
    }

    @Test
    void puttyKeysNeedTheirPrivateLines() throws IOException {
        String ppk = "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: k\nPublic-Lines: 1\n"
                + KeyCorpus.base64(60) + "\nPrivate-Lines: 2\n" + KeyCorpus.base64(48) + "\n" + KeyCorpus.base64(30)
                + "\nPrivate-MAC: 00ff\n";
        assertThat(scan(ppk)).extracting(Finding::kind).containsExactly("putty-private-key");
        assertThat(scan(ppk.replace("\n", "\r\n"))).extracting(Finding::kind).containsExactly("putty-private-key");
        assertThat(scan("PuTTY-User-Key-File-2: ssh-rsa\nPublic-Lines: 1\n" + KeyCorpus.base64(60) + "\n")).isEmpty();
        assertThat(scan("The header PuTTY-User-Key-File-3: names the format; Private-Lines: 1\nfollows.\n")).isEmpty();
    }

    @Test
    void inlineMarkerOnTheLineOrJustAboveAllowsAFinding() throws IOException {
        String token = "ghp_" + KeyCorpus.random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", 36);
        Path f = dir.resolve("m");
        Files.writeString(f, "a=" + token + " # inventiv:allow\n" + "# inventiv:allow\n" + pem("PRIVATE KEY", body(3))
                + "# inventiv:allow\n\n" + "b=" + token + "\n");
        FileScanner.Outcome o = new FileScanner(Allowlist.NONE).scan(f, "m");
        assertThat(o.findings()).extracting(Finding::line).containsExactly(10);
        assertThat(o.suppressed()).isEqualTo(2);
    }

    @Test
    void aNulByteInTheFirst8KiBMarksABinaryFile() throws IOException {
        String key = pem("PRIVATE KEY", body(4));
        byte[] early = ("x".repeat(8000) + "\0" + key).getBytes(StandardCharsets.US_ASCII);
        byte[] late = ("x".repeat(8200) + "\0\n" + key).getBytes(StandardCharsets.US_ASCII);
        assertThat(scan(early)).isNull();
        assertThat(scan(late)).extracting(Finding::line).containsExactly(2);
        Path big = dir.resolve("big.bin");
        Files.write(big, ("\0" + key.repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
        FileScanner.Outcome streamed = new FileScanner(Allowlist.NONE, 1).scan(big, "big.bin");
        assertThat(streamed.binary()).as("a large file is streamed, and probed first").isTrue();
    }

    @Test
    void streamingLargeFilesFindsWhatReadingThemWholeFinds() throws IOException {
        // Secrets every ~37 KiB so several straddle the boundaries of the smallest chunks.
        StringBuilder text = new StringBuilder();
        String filler = "let value = compute(input, 42); // some ordinary source code line\n";
        int expectedLines = 0;
        int line = 1;
        for (int i = 0; i < 60; i++) {
            while (text.length() < (i + 1) * 37_000) {
                text.append(filler);
                line++;
            }
            if (i % 2 == 0) {
                text.append("token=ghp_").append(KeyCorpus.random("abcdefghijklmnopqrstuvwxyzABCDEF0123456789", 36))
                        .append('\n');
                line++;
            } else {
                text.append(pem("OPENSSH PRIVATE KEY", body(30)));
                line += 32;
            }
            expectedLines++;
        }
        Path f = dir.resolve("big.txt");
        Files.writeString(f, text);
        FileScanner.Outcome whole = new FileScanner(Allowlist.NONE, Integer.MAX_VALUE / 2).scan(f, "big.txt");
        FileScanner.Outcome streamed = new FileScanner(Allowlist.NONE, 1).scan(f, "big.txt");
        assertThat(whole.findings()).hasSize(expectedLines);
        assertThat(streamed.findings()).isEqualTo(whole.findings());
        assertThat(streamed.bytes()).isEqualTo(whole.bytes()).isEqualTo(Files.size(f));
        assertThat(Files.readAllLines(f).get(whole.findings().get(1).line() - 1)).startsWith("-----BEGIN OPENSSH");
    }

    @Test
    void thePrefilterSeesLiteralsAtEveryAlignmentAndAtTheEndOfAFile() throws IOException {
        String b62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        String classic = "ghp_" + KeyCorpus.random(b62, 36);
        String pat = "github_pat_" + KeyCorpus.random(b62, 22) + "_" + KeyCorpus.random(b62, 59);
        String aws = "AKIA" + KeyCorpus.random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + " " + KeyCorpus.awsSecret();
        String key = pem("PRIVATE KEY", body(3)).strip();
        String ppk = "PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 1\n" + KeyCorpus.base64(48);
        for (int pad = 0; pad < 17; pad++) {
            String before = " ".repeat(pad);
            assertThat(scan(before + classic)).as("ghp_ after %d bytes", pad).hasSize(1);
            assertThat(scan(before + pat)).as("github_pat_ after %d bytes", pad).hasSize(1);
            assertThat(scan(before + aws)).as("AKIA after %d bytes", pad).hasSize(1);
            assertThat(scan(before + key)).as("key after %d bytes", pad).hasSize(1);
            assertThat(scan("\n".repeat(pad) + ppk)).as("ppk after %d lines", pad).hasSize(1);
        }
    }

    @Test
    void thousandsOfAnchorsWithoutSecretsDoNotHideTheOneAfterThem() throws IOException {
        // "gh", "IA", "-B" everywhere: more anchors than one prefilter pass records.
        String noise = "light ghost MEDIA -BEGIN through\n".repeat(5_000);
        String token = "ghp_" + KeyCorpus.random("abcdefghijklmnopqrstuvwxyzABCDEF0123456789", 36);
        assertThat(scan(noise + "token=" + token + "\n")).extracting(Finding::line).containsExactly(5_001);
    }
}
