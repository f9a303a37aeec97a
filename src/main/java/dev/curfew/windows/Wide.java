package dev.curfew.windows;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/** Strings as Windows takes them: NUL-terminated UTF-16LE, written as bytes (wchar_t is 4 bytes on Linux). */
final class Wide {
    private Wide() {
    }

    /** {@code value} as NUL-terminated UTF-16LE native memory; its size counts the NUL. */
    static Memory of(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_16LE);
        Memory memory = new Memory(bytes.length + 2L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setShort(bytes.length, (short) 0);
        return memory;
    }
}
