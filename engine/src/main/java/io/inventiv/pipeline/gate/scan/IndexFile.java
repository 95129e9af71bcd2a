package io.inventiv.pipeline.gate.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of a git index file (format versions 2, 3 and 4, SHA-1), parsed in-process: what
 * {@code git ls-files --stage} prints, without starting git and copying its output through a
 * pipe. Regular files only (symlinks and submodules are never read), each path once (an
 * unmerged path has one entry per stage). Anything this reader does not fully understand
 * (a split or sparse index, a truncated file, an unknown version) gives null, and the caller
 * asks git instead.
 */
final class IndexFile {
    private static final int HASH = 20;
    private static final int HEADER = 12;
    /** ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes each), then the object id. */
    private static final int MODE_AT = 24;
    private static final int FLAGS_AT = 40 + HASH;
    private static final int EXTENDED = 0x4000;
    private static final int NAME_MASK = 0xFFF;
    private static final int STAGE_MASK = 0x3000;
    /** The object type in a mode's top four bits: 100644/100755, 120000, 160000. */
    private static final int TYPE_REGULAR = 0b1000;
    private static final int TYPE_SYMLINK = 0b1010;
    private static final int TYPE_GITLINK = 0b1110;

    private final byte[] b;
    private final byte[] prefix;
    private final int version;
    private final int end;
    private final List<String> files;
    /** Where the next entry starts. */
    private int p = HEADER;
    /** Version 4 names are deltas on the previous one. */
    private byte[] previous = new byte[256];
    private int previousLength;
    private String lastUnmerged;

    private IndexFile(byte[] b, byte[] prefix, int version, int count) {
        this.b = b;
        this.prefix = prefix;
        this.version = version;
        this.end = b.length - HASH;
        this.files = new ArrayList<>(count);
    }

    /** The regular files under {@code prefix} ("" or ending in '/'), relative to it, in index order. */
    static List<String> parse(byte[] b, String prefix) {
        if (b.length < HEADER + HASH || b[0] != 'D' || b[1] != 'I' || b[2] != 'R' || b[3] != 'C') {
            return null;
        }
        int version = int32(b, 4);
        int count = int32(b, 8);
        if (version < 2 || version > 4 || count < 0) {
            return null;
        }
        IndexFile index = new IndexFile(b, prefix.getBytes(StandardCharsets.UTF_8), version, count);
        try {
            // One call per entry, not one long loop: the JIT compiles a method after a few hundred
            // calls, while a loop body that runs 20 000 times may stay interpreted to the end.
            for (int e = 0; e < count; e++) {
                if (!index.entry()) {
                    return null;
                }
            }
            return extensionsUnderstood(b, index.p, index.end) ? index.files : null;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            return null; // truncated or corrupt: git reports that better
        }
    }

    /** Reads the entry at {@link #p}; false for anything this reader does not understand. */
    private boolean entry() {
        int start = p;
        int mode = int32(b, p + MODE_AT);
        int flags = uint16(b, p + FLAGS_AT);
        p += FLAGS_AT + 2;
        if ((flags & EXTENDED) != 0) {
            if (version < 3) {
                return false;
            }
            p += 2;
        }
        byte[] name;
        int nameAt;
        int nameLength;
        if (version == 4) {
            if (!deltaName()) {
                return false;
            }
            name = previous;
            nameAt = 0;
            nameLength = previousLength;
        } else {
            // The length field saves a search for the NUL unless the name is 4095 bytes or longer.
            int length = flags & NAME_MASK;
            if (length == NAME_MASK) {
                length = nul(b, p, end) - p;
            } else if (p + length >= end || b[p + length] != 0) {
                return false;
            }
            name = b;
            nameAt = p;
            nameLength = length;
            // Entries are padded with 1 to 8 NULs to a multiple of eight bytes.
            p = start + ((p - start + length + 8) & ~7);
        }
        int type = mode >>> 12;
        if (p > end || type != TYPE_REGULAR && type != TYPE_SYMLINK && type != TYPE_GITLINK) {
            return false; // past the entries, a sparse directory entry, or something newer than this reader
        }
        if (type == TYPE_REGULAR && nameLength > prefix.length && startsWith(name, nameAt, prefix)) {
            String path = new String(name, nameAt + prefix.length, nameLength - prefix.length, StandardCharsets.UTF_8);
            if ((flags & STAGE_MASK) == 0) {
                files.add(path);
            } else if (!path.equals(lastUnmerged)) {
                files.add(path); // an unmerged path has one entry per stage, next to each other
                lastUnmerged = path;
            }
        }
        return true;
    }

    /** A version 4 name: the previous one, minus its last N bytes (a varint), plus a NUL-terminated suffix. */
    private boolean deltaName() {
        int c = b[p++] & 0xff;
        long strip = c & 127;
        while ((c & 128) != 0) {
            c = b[p++] & 0xff;
            strip = ((strip + 1) << 7) | (c & 127);
            if (strip > Integer.MAX_VALUE) {
                return false;
            }
        }
        if (strip > previousLength) {
            return false;
        }
        int nul = nul(b, p, end);
        int keep = previousLength - (int) strip;
        previous = ensure(previous, keep + nul - p);
        System.arraycopy(b, p, previous, keep, nul - p);
        previousLength = keep + nul - p;
        p = nul + 1;
        return true;
    }

    /** Whether every extension after the entries is one that does not change them. */
    private static boolean extensionsUnderstood(byte[] b, int p, int end) {
        while (p < end) {
            if (p + 8 > end) {
                return false;
            }
            // Upper-case signatures (TREE, REUC, UNTR, ...) are caches a reader may ignore; the others
            // ("link" of a split index, "sdir" of a sparse one) change what the entries mean.
            if (b[p] < 'A' || b[p] > 'Z') {
                return false;
            }
            long length = int32(b, p + 4) & 0xFFFFFFFFL;
            if (p + 8 + length > end) {
                return false;
            }
            p += 8 + (int) length;
        }
        return p == end;
    }

    private static boolean startsWith(byte[] name, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (name[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int nul(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] != 0) {
            i++;
        }
        if (i == end) {
            throw new ArrayIndexOutOfBoundsException("no NUL before the index checksum");
        }
        return i;
    }

    private static byte[] ensure(byte[] buf, int size) {
        return buf.length >= size ? buf : Arrays.copyOf(buf, Math.max(size, buf.length * 2));
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
