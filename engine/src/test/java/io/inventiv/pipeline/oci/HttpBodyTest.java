package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** {@link HttpBody}'s framing on plain byte streams: what the socket tests cannot provoke cheaply. */
class HttpBodyTest {

    @Test
    void aChunkedBodyIsDecodedAndLeavesWhatFollowsItUnread() throws IOException {
        InputStream wire = bytes("4\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\nNEXT");

        HttpBody.Chunked body = new HttpBody.Chunked(wire);

        assertThat(text(body)).isEqualTo("Wikipedia in \r\n\r\nchunks.");
        assertThat(body.ended()).isTrue();
        assertThat(text(wire)).isEqualTo("NEXT");
    }

    @Test
    void chunkSizesAreHexInAnyCaseWithOptionalSpacesAndExtensions() throws IOException {
        assertThat(text(new HttpBody.Chunked(bytes("a \r\n0123456789\r\n00B;x=y\r\nabcdefghijk\r\n0\r\n\r\n"))))
                .isEqualTo("0123456789abcdefghijk");
    }

    @Test
    void aChunkLongerThanItsSizeLineIsRefused() {
        assertThatThrownBy(() -> text(new HttpBody.Chunked(bytes("3\r\nabcd\r\n0\r\n\r\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than its size line");
    }

    @Test
    void aChunkSizeThatIsNotHexIsRefused() {
        assertThatThrownBy(() -> text(new HttpBody.Chunked(bytes("zz\r\nab\r\n0\r\n\r\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("bad chunk size line 'zz'");
        assertThatThrownBy(() -> text(new HttpBody.Chunked(bytes("-5\r\nab\r\n0\r\n\r\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("bad chunk size line '-5'");
        assertThatThrownBy(() -> text(new HttpBody.Chunked(bytes("\r\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("bad chunk size line ''");
    }

    @Test
    void aFixedBodyEndsAtItsLengthAndLeavesTheRestUnread() throws IOException {
        InputStream wire = bytes("0123456789NEXT");

        HttpBody.Fixed body = new HttpBody.Fixed(wire, 10);

        assertThat(text(body)).isEqualTo("0123456789");
        assertThat(body.left()).isZero();
        assertThat(text(wire)).isEqualTo("NEXT");
    }

    @Test
    void chunkedOutWritesOneChunkPerWriteSkipsEmptyWritesAndEndsWithTheLastChunk() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        try (HttpBody.ChunkedOut out = new HttpBody.ChunkedOut(wire)) {
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[0]);
            out.write('!');
            out.write(new byte[26], 0, 26);
        }

        assertThat(wire.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("5\r\nhello\r\n1\r\n!\r\n1a\r\n" + "\0".repeat(26) + "\r\n0\r\n\r\n");
    }

    @Test
    void chunkedOutRoundTripsThroughChunked() throws IOException {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 253);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (HttpBody.ChunkedOut out = new HttpBody.ChunkedOut(wire)) {
            for (int off = 0; off < data.length; off += 3000) {
                out.write(data, off, Math.min(3000, data.length - off));
            }
        }

        assertThat(new HttpBody.Chunked(new ByteArrayInputStream(wire.toByteArray())).readAllBytes()).isEqualTo(data);
    }

    @Test
    void fixedOutRefusesMoreAndLessThanItsLength() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        HttpBody.FixedOut out = new HttpBody.FixedOut(wire, 4);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> out.write("de".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than the Content-Length");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                .hasMessageContaining("1 bytes short of the Content-Length");
        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
