package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf16Test {

    @Test
    void encodesAsLittleEndianUnitsEndingInNul() {
        Memory memory = Utf16.encode("Jü😀");

        assertThat(memory.getByteArray(0, (int) memory.size()))
                .containsExactly('J', 0, 0xfc, 0, 0x3d, 0xd8, 0x00, 0xde, 0, 0);
        assertThat(Utf16.byteLength(memory)).isEqualTo(8);
        assertThat(Utf16.byteLength(Utf16.encode(""))).isZero();
    }

    @Test
    void decodesAFixedFieldUpToTheFirstNul() {
        byte[] field = new byte[42];
        byte[] name = "李雷".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(name, 0, field, 0, name.length);
        field[10] = 'x'; // garbage after the NUL is not part of the name

        assertThat(Utf16.decode(field)).isEqualTo("李雷");
        assertThat(Utf16.decode(new byte[4])).isEmpty();
        assertThat(Utf16.decode("ABCD".getBytes(StandardCharsets.UTF_16LE))).as("no NUL").isEqualTo("ABCD");
    }

    @Test
    void readsAStringByPointerUpToItsNulAndWithinItsSize() {
        Memory memory = Utf16.encode("RDP-Tcp#4");

        assertThat(Utf16.read(memory)).isEqualTo("RDP-Tcp#4");
        assertThat(Utf16.read(memory, 6)).isEqualTo("RDP");
        assertThat(Utf16.read(null)).isEmpty();
    }
}
