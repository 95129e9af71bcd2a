package io.inventiv.pipeline.deploy.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal ustar archive built in memory: the upload sent to the host on the SSH connection's
 * stdin and unpacked there by tar. Regular files only, mode 0600, short relative names.
 */
final class TarArchive {
    private static final int BLOCK = 512;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    TarArchive add(String name, byte[] content) {
        if (name.length() > 99 || name.startsWith("/") || name.contains("..")) {
            throw new IllegalArgumentException("bad archive name: " + name);
        }
        files.put(name, content);
        return this;
    }

    TarArchive add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mtime = System.currentTimeMillis() / 1000;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            out.writeBytes(header(e.getKey(), e.getValue().length, mtime));
            out.writeBytes(e.getValue());
            out.writeBytes(new byte[padding(e.getValue().length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static byte[] header(String name, long size, long mtime) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(0600, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(mtime, 11));
        h[156] = '0';
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        // The checksum is computed with its own field read as spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        return h;
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
    }
}
