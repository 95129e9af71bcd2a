package io.inventiv.pipeline.gate.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.testsupport.Processes;

/**
 * Builds a real git repository of secrets generated on the spot with ssh-keygen, openssl and
 * gpg, plus tokens and look-alikes written here, and remembers what the scanner must report
 * ({@link #expected()}) and every secret string that must never be printed ({@link #secrets()}).
 */
final class KeyCorpus {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_CHARS = BASE62 + "/+";

    final Path repo;
    private final Path work;
    /** path → kind the scanner must report for it (one finding per file unless noted). */
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();

    private KeyCorpus(Path root) {
        this.repo = root.resolve("repo");
        this.work = root.resolve("gen");
    }

    static KeyCorpus create(Path root) {
        KeyCorpus c = new KeyCorpus(root);
        try {
            Files.createDirectories(c.repo);
            Files.createDirectories(c.work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(c.repo, "init", "-q", ".");
        return c;
    }

    Map<String, String> expected() {
        return expected;
    }

    List<String> secrets() {
        return secrets;
    }

    // ---- positives -------------------------------------------------------------------------

    /** ssh-keygen in OpenSSH or PEM/PKCS8 format, with or without a passphrase. */
    KeyCorpus sshKey(String path, String type, String format, String passphrase, String kind) {
        Path key = work.resolve(path.replace('/', '_'));
        List<String> argv = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "test",
                "-f", key.toString()));
        if (type.equals("rsa")) {
            argv.addAll(List.of("-b", "2048"));
        }
        if (format != null) {
            argv.addAll(List.of("-m", format));
        }
        Processes.run(argv);
        copySecret(key, path, kind);
        // The public half is committed too: it must not match.
        write("public/" + path + ".pub", read(Path.of(key + ".pub")));
        return this;
    }

    /** An openssl pipeline; its stdout is the key file. */
    KeyCorpus openssl(String path, String kind, String... argv) {
        Path out = work.resolve(path.replace('/', '_'));
        // "-out" right after the subcommand: genrsa wants its bit count last.
        List<String> cmd = new ArrayList<>(List.of(argv[0], argv[1], "-out", out.toString()));
        cmd.addAll(List.of(argv).subList(2, argv.length));
        Processes.run(cmd, work);
        copySecret(out, path, kind);
        return this;
    }

    /** A GnuPG secret key exported ASCII-armored from a throwaway GNUPGHOME. */
    KeyCorpus gpgSecretKey(String path, String publicPath) {
        Path home = work.resolve("gnupg");
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String h = home.toString();
        try {
            Processes.run(List.of("gpg", "--homedir", h, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--quick-gen-key", "Scanner Test <scan@example.invalid>", "ed25519", "default", "never"));
            Path secret = work.resolve("secret.asc");
            Processes.run(List.of("gpg", "--homedir", h, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--armor", "--output", secret.toString(), "--export-secret-keys"));
            Path pub = work.resolve("public.asc");
            Processes.run(List.of("gpg", "--homedir", h, "--batch", "--armor", "--output", pub.toString(), "--export"));
            copySecret(secret, path, SecretKind.PGP_PRIVATE_KEY_BLOCK.id());
            write(publicPath, read(pub));
        } finally {
            Processes.run(List.of("gpgconf", "--homedir", h, "--kill", "all"));
        }
        return this;
    }

    /**
     * A real PuTTY key from puttygen (Debian putty-tools): {@code version} 2 or 3, encrypted when
     * a passphrase is given. The passphrase goes through a file, never argv.
     */
    KeyCorpus puttygen(String path, String type, int version, String passphrase) {
        Path key = work.resolve(path.replace('/', '_'));
        Path pass = work.resolve(path.replace('/', '_') + ".pass");
        try {
            Files.writeString(pass, passphrase);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.run(List.of("puttygen", "-q", "-t", type, "-o", key.toString(), "--new-passphrase", pass.toString(),
                "--ppk-param", "version=" + version), work);
        copySecret(key, path, SecretKind.PUTTY_PRIVATE_KEY.id());
        return this;
    }

    /** A PuTTY .ppk (version 3 layout) with random key material. */
    KeyCorpus puttyKey(String path) {
        String pub = base64(51);
        String priv = base64(48);
        String text = "PuTTY-User-Key-File-3: ssh-ed25519\n"
                + "Encryption: none\n"
                + "Comment: scanner-test\n"
                + "Public-Lines: 2\n" + pub.substring(0, 64) + "\n" + pub.substring(64) + "\n"
                + "Private-Lines: 1\n" + priv + "\n"
                + "Private-MAC: " + hex(32) + "\n";
        write(path, text);
        secrets.add(priv);
        expected.put(path, SecretKind.PUTTY_PRIVATE_KEY.id());
        return this;
    }

    /** A token written into a config-looking line at {@code line} (1-based) of the file. */
    String token(String path, String prefix, int line, String kind) {
        String token = prefix.equals("github_pat_")
                ? prefix + random(BASE62, 22) + "_" + random(BASE62, 59)
                : prefix + random(BASE62, 36);
        write(path, "# settings\n".repeat(line - 1) + "token: \"" + token + "\"\n");
        secrets.add(token);
        expected.put(path, kind);
        return token;
    }

    /** An AWS key id with its secret two lines below, as in ~/.aws/credentials. */
    String awsPair(String path, String prefix) {
        String id = prefix + random(UPPER_DIGITS, 16);
        String secret = awsSecret();
        write(path, "[default]\naws_access_key_id = " + id + "\nregion = eu-west-3\naws_secret_access_key = "
                + secret + "\n");
        secrets.add(secret);
        expected.put(path, SecretKind.AWS_ACCESS_KEY.id());
        return secret;
    }

    static String awsSecret() {
        // Random base64 nearly always mixes cases and digits; force it so the test is deterministic.
        return "aZ9" + random(SECRET_CHARS, 37);
    }

    // ---- look-alikes and helpers ----------------------------------------------------------

    /** A self-signed certificate and the matching public key: both armored, neither secret. */
    KeyCorpus certificateAndPublicKey(String certPath, String pubPath) {
        Path key = work.resolve("cert.key");
        Path cert = work.resolve("cert.pem");
        Path pub = work.resolve("cert.pub.pem");
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=scan.example.invalid"), work);
        Processes.run(List.of("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()), work);
        write(certPath, read(cert));
        write(pubPath, read(pub));
        return this;
    }

    KeyCorpus write(String path, String text) {
        return write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    KeyCorpus write(String path, byte[] bytes) {
        try {
            Path target = repo.resolve(path);
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Registers a secret file written by the test itself. */
    KeyCorpus expect(String path, String kind) {
        expected.put(path, kind);
        return this;
    }

    KeyCorpus secret(String text) {
        secrets.add(text);
        return this;
    }

    KeyCorpus commitAll() {
        git(repo, "add", "-A", ".");
        git(repo, "-c", "user.name=Scanner Test", "-c", "user.email=scan@example.invalid",
                "commit", "-q", "-m", "corpus");
        return this;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String base64(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static String hex(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return java.util.HexFormat.of().formatHex(raw);
    }

    /** Copies a generated key into the repo and remembers each of its body lines as secret text. */
    private void copySecret(Path generated, String path, String kind) {
        String text = read(generated);
        write(path, text);
        expected.put(path, kind);
        for (String line : text.split("\\R")) {
            if (line.length() >= 24 && !line.startsWith("-----") && !line.contains(":")) {
                secrets.add(line);
            }
        }
    }

    static void git(Path repo, String... args) {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Processes.run(argv, repo);
    }
}
