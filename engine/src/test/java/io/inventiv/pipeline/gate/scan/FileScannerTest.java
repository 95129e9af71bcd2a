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
 * How files are read: small ones in one read, larger ones probed for a NUL first and then read
 * whole, the largest streamed. A secret at the first byte or ending at the last one, in a file
 * just below or above each limit, with LF or CRLF line ends, is found on the right line.
 */
class FileScannerTest {
    private static final int ONE_READ = 64 * 1024;

    @TempDir
    Path dir;

    private static String token() {
        return "ghp_" + KeyCorpus.random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", 36);
    }

    private FileScanner.Outcome scan(String name, byte[] content, int chunk) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return new FileScanner(Allowlist.NONE, chunk).scan(f, name);
    }

    /** Filler lines of 64 bytes (with the line end) up to {@code size} bytes, then the tail. */
    private static String filled(int size, String tail, String eol) {
        String line = "x".repeat(64 - eol.length()) + eol;
        StringBuilder b = new StringBuilder();
        while (b.length() + line.length() <= size - tail.length()) {
            b.append(line);
        }
        b.append("y".repeat(size - tail.length() - b.length()));
        return b.append(tail).toString();
    }

    @Test
    void aTokenAtTheFirstByteOrEndingAtTheLastIsFoundAroundEveryReadLimit() throws IOException {
        for (int size : List.of(100, FileScanner.BINARY_PROBE - 1, FileScanner.BINARY_PROBE, FileScanner.BINARY_PROBE + 1,
                ONE_READ - 1, ONE_READ, ONE_READ + 1, 5 * ONE_READ)) {
            for (String eol : List.of("\n", "\r\n")) {
                String t = token();
                String atStart = t + eol + filled(size - t.length() - eol.length(), "", eol);
                FileScanner.Outcome first = scan("start", atStart.getBytes(StandardCharsets.US_ASCII), 8 << 20);
                assertThat(first.findings()).as("size %d, at offset 0", size).extracting(Finding::line).containsExactly(1);
                assertThat(first.bytes()).isEqualTo(size);

                String atEnd = filled(size, eol + t, eol);
                int expectedLine = (int) atEnd.chars().filter(c -> c == '\n').count() + 1;
                for (int chunk : List.of(8 << 20, 1)) {
                    FileScanner.Outcome last = scan("end", atEnd.getBytes(StandardCharsets.US_ASCII), chunk);
                    assertThat(last.findings()).as("size %d, at EOF, chunk %d", size, chunk)
                            .extracting(Finding::line).containsExactly(expectedLine);
                    assertThat(last.bytes()).isEqualTo(size);
                }
            }
        }
    }

    @Test
    void onlyANulInTheFirst8KiBMakesAFileBinaryWhateverItsSize() throws IOException {
        String t = token();
        for (int size : List.of(ONE_READ - 100, ONE_READ + 100, 4 * ONE_READ)) {
            byte[] early = filled(size, "\n" + t, "\n").getBytes(StandardCharsets.US_ASCII);
            early[FileScanner.BINARY_PROBE - 1] = 0;
            assertThat(scan("early", early, 8 << 20).binary()).as("NUL at 8191, size %d", size).isTrue();
            byte[] late = early.clone();
            late[FileScanner.BINARY_PROBE - 1] = 'x';
            late[FileScanner.BINARY_PROBE] = 0;
            FileScanner.Outcome text = scan("late", late, 8 << 20);
            assertThat(text.binary()).as("NUL at 8192, size %d", size).isFalse();
            assertThat(text.findings()).hasSize(1);
        }
    }

    @Test
    void aKeyBlockWithCrlfLineEndsReportsItsBeginLine() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            body.append(KeyCorpus.base64(48)).append("\r\n");
        }
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\r\n" + body + "-----END OPENSSH PRIVATE KEY-----\r\n";
        String text = "line one\r\nline two\r\n" + key + "after\r\n";
        assertThat(scan("crlf", text.getBytes(StandardCharsets.US_ASCII), 8 << 20).findings())
                .extracting(Finding::kind, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openssh-private-key", 3));
    }
}
