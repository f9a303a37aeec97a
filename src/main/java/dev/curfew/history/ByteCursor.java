package dev.curfew.history;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a {@link java.io.DataOutputStream} wrote, straight from an array: a month's roll-ups
 * are millions of small reads, too many for a stream's synchronized ones.
 */
final class ByteCursor {
    private final byte[] data;
    private int at;

    ByteCursor(byte[] data) {
        this(data, 0);
    }

    ByteCursor(byte[] data, int at) {
        this.data = data;
        this.at = at;
    }

    byte[] data() {
        return data;
    }

    int position() {
        return at;
    }

    void skip(int n) throws EOFException {
        need(n);
        at += n;
    }

    int readByte() throws EOFException {
        need(1);
        return data[at++];
    }

    int readUnsignedShort() throws EOFException {
        need(2);
        int v = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
        at += 2;
        return v;
    }

    int readInt() throws EOFException {
        return readUnsignedShort() << 16 | readUnsignedShort();
    }

    long readLong() throws EOFException {
        return (long) readInt() << 32 | readInt() & 0xFFFFFFFFL;
    }

    /**
     * A varint as {@link Rollup#varint} wrote it; a one-byte one (most counts) without the bounds call.
     * A report just opened was not measurably faster for it (docs/BENCHMARKS.md, Reports).
     */
    long varint() throws EOFException {
        byte[] d = data;
        int i = at;
        if (i < d.length && d[i] >= 0) {
            at = i + 1;
            return d[i];
        }
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            if (i >= d.length) {
                need(i - at + 1);
            }
            int b = d[i++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                at = i;
                return v;
            }
        }
    }

    /** A string as {@code writeUTF} wrote it: ASCII directly, anything else through {@link DataInputStream}. */
    String readUTF() throws IOException {
        int from = at;
        int len = readUnsignedShort();
        skip(len);
        for (int i = from + 2; i < at; i++) {
            if (data[i] <= 0) {
                return new DataInputStream(new ByteArrayInputStream(data, from, len + 2)).readUTF();
            }
        }
        return new String(data, from + 2, len, StandardCharsets.ISO_8859_1);
    }

    private void need(int n) throws EOFException {
        if (n < 0 || at + n > data.length) {
            throw new EOFException("roll-up ends at byte " + data.length + ", " + n + " more wanted at " + at);
        }
    }
}
