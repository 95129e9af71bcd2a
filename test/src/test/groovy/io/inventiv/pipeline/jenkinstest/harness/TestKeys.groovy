package io.inventiv.pipeline.jenkinstest.harness

import java.nio.file.Files
import java.nio.file.Path

/** A real ed25519 key pair made once per test JVM by ssh-keygen (ssh-add refuses anything else). */
final class TestKeys {
    private static String privateKey

    private TestKeys() {
    }

    static synchronized String privateKey() {
        if (privateKey == null) {
            Path dir = Files.createTempDirectory('testkey')
            Path key = dir.resolve('id')
            Process p = new ProcessBuilder('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'library-test', '-f', key.toString())
                    .redirectErrorStream(true).start()
            assert p.waitFor() == 0: p.inputStream.text
            privateKey = Files.readString(key)
            dir.toFile().deleteDir()
        }
        return privateKey
    }
}
