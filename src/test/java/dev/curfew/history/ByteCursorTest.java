package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Varints read back as Rollup.varint wrote them, one byte or ten; a cut one is an error naming where. */
class ByteCursorTest {
    static final long[] VALUES = {0, 1, 5, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, 1L << 40,
        Long.MAX_VALUE, -1, Long.MIN_VALUE};

    static byte[] written(long... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (long v : values) {
                Rollup.varint(out, v);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void everyValueReadsBackInOrderAndTheCursorEndsAtTheEnd() throws IOException {
        byte[] data = written(VALUES);
        ByteCursor in = new ByteCursor(data);

        long[] read = new long[VALUES.length];
        for (int i = 0; i < read.length; i++) {
            read[i] = in.varint();
        }

        assertThat(read).containsExactly(VALUES);
        assertThat(in.position()).isEqualTo(data.length);
        assertThat(written(127)).hasSize(1);
        assertThat(written(128)).hasSize(2);
        assertThat(written(-1)).hasSize(10);
    }

    @Test
    void aVarintCutShortIsAnErrorNamingWhere() throws IOException {
        byte[] data = written(7, 300);
        ByteCursor in = new ByteCursor(Arrays.copyOf(data, data.length - 1));

        assertThat(in.varint()).isEqualTo(7);
        assertThatThrownBy(in::varint).isInstanceOf(EOFException.class)
                .hasMessage("roll-up ends at byte 2, 2 more wanted at 1");
        assertThatThrownBy(new ByteCursor(new byte[0])::varint).isInstanceOf(EOFException.class)
                .hasMessage("roll-up ends at byte 0, 1 more wanted at 0");
    }
}
