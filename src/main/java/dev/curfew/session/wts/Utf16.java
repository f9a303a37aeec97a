package dev.curfew.session.wts;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * Strings as Windows keeps them: UTF-16LE code units ending at a NUL unit. Read and written as
 * bytes, so the same code works where {@code Native.WCHAR_SIZE} is 4 (Linux) and 2 (Windows).
 */
public final class Utf16 {
    /** The most units read from a string reached by pointer (a sanity bound, not a Windows limit). */
    public static final int MAX_UNITS = 32_767;

    private Utf16() {
    }

    /** The string as NUL-terminated UTF-16LE native memory. */
    public static Memory encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_16LE);
        Memory memory = new Memory(bytes.length + 2L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setShort(bytes.length, (short) 0);
        return memory;
    }

    /** The length in bytes, without the terminating NUL, of memory made by {@link #encode}. */
    public static int byteLength(Memory encoded) {
        return (int) encoded.size() - 2;
    }

    /** A fixed {@code WCHAR[]} field: the units up to the first NUL, or all of them. */
    public static String decode(byte[] field) {
        int end = 0;
        while (end + 1 < field.length && (field[end] != 0 || field[end + 1] != 0)) {
            end += 2;
        }
        return new String(field, 0, end, StandardCharsets.UTF_16LE);
    }

    /** A string reached by pointer, read up to its NUL and within {@code maxBytes}; "" for null. */
    public static String read(Pointer pointer, long maxBytes) {
        if (pointer == null) {
            return "";
        }
        long limit = Math.min(maxBytes / 2, MAX_UNITS);
        int units = 0;
        while (units < limit && pointer.getShort(2L * units) != 0) {
            units++;
        }
        return new String(pointer.getByteArray(0, 2 * units), StandardCharsets.UTF_16LE);
    }

    /** A string reached by pointer whose size the API does not give. */
    public static String read(Pointer pointer) {
        return read(pointer, 2L * MAX_UNITS);
    }
}
