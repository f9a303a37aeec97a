package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeWindowsExtension.class)
class WtsStructuresTest {
    /**
     * WTSINFOW field offsets on Windows x64, from wtsapi32.h
     * (WINSTATIONNAME_LENGTH 32, DOMAIN_LENGTH 17, USERNAME_LENGTH 20).
     */
    private static final Map<String, Integer> WTSINFOW = new LinkedHashMap<>();

    static {
        String[] dwords = {"State", "SessionId", "IncomingBytes", "OutgoingBytes", "IncomingFrames", "OutgoingFrames",
                "IncomingCompressedBytes", "OutgoingCompressedBytes"};
        for (int i = 0; i < dwords.length; i++) {
            WTSINFOW.put(dwords[i], 4 * i);
        }
        WTSINFOW.put("WinStationName", 32);     // WCHAR[32]: 64 bytes
        WTSINFOW.put("Domain", 96);             // WCHAR[17]: 34 bytes
        WTSINFOW.put("UserName", 130);          // WCHAR[21]: 42 bytes, ends at 172
        WTSINFOW.put("ConnectTime", 176);       // LARGE_INTEGER, aligned to 8
        WTSINFOW.put("DisconnectTime", 184);
        WTSINFOW.put("LastInputTime", 192);
        WTSINFOW.put("LogonTime", 200);
        WTSINFOW.put("CurrentTime", 208);
    }

    private final FakeWindows fake;

    WtsStructuresTest(FakeWindows fake) {
        this.fake = fake;
    }

    @Test
    void wtsInfoHasTheWindowsX64OffsetsAndSize() {
        WtsInfo info = new WtsInfo();
        assertThat(info.size()).isEqualTo(216);
        WTSINFOW.forEach((field, offset) -> assertThat(info.offsetOf(field)).as(field).isEqualTo(offset));
        assertThat(WtsInfo.class.getAnnotation(Structure.FieldOrder.class).value())
                .containsExactlyElementsOf(WTSINFOW.keySet());
    }

    @Test
    void sessionInfoAndClientAddressHaveTheWindowsX64OffsetsAndSize() {
        WtsSessionInfo session = new WtsSessionInfo();
        assertThat(session.size()).isEqualTo(24);
        assertThat(session.offsetOf("SessionId")).isZero();
        assertThat(session.offsetOf("pWinStationName")).isEqualTo(8);
        assertThat(session.offsetOf("State")).isEqualTo(16);

        WtsClientAddress address = new WtsClientAddress();
        assertThat(address.size()).isEqualTo(24);
        assertThat(address.offsetOf("AddressFamily")).isZero();
        assertThat(address.offsetOf("Address")).isEqualTo(4);
    }

    @Test
    void sessionInfo1HasTheWindowsX64OffsetsAndSize() {
        // DWORD ExecEnvId, WTS_CONNECTSTATE_CLASS State, DWORD SessionId, then five pointers aligned to 8.
        WtsSessionInfo1 info = new WtsSessionInfo1();
        assertThat(info.size()).isEqualTo(56);
        String[] fields = WtsSessionInfo1.class.getAnnotation(Structure.FieldOrder.class).value();
        int[] offsets = {0, 4, 8, 16, 24, 32, 40, 48};
        assertThat(fields).hasSize(offsets.length);
        for (int i = 0; i < fields.length; i++) {
            assertThat(info.offsetOf(fields[i])).as(fields[i]).isEqualTo(offsets[i]);
            assertThat(fake.offsetOf("WTS_SESSION_INFO_1W." + fields[i])).as("the fake's " + fields[i])
                    .isEqualTo(offsets[i]);
        }
        assertThat(fake.offsetOf("WTS_SESSION_INFO_1W")).isEqualTo(56);
    }

    @Test
    void processInfoExHasTheWindowsX64OffsetsAndSize() {
        // DWORD SessionId, DWORD ProcessId, LPWSTR pProcessName, PSID pUserSid, six DWORDs, two LARGE_INTEGERs.
        WtsProcessInfoEx info = new WtsProcessInfoEx();
        assertThat(info.size()).isEqualTo(64);
        String[] fields = WtsProcessInfoEx.class.getAnnotation(Structure.FieldOrder.class).value();
        int[] offsets = {0, 4, 8, 16, 24, 28, 32, 36, 40, 44, 48, 56};
        assertThat(fields).hasSize(offsets.length);
        for (int i = 0; i < fields.length; i++) {
            assertThat(info.offsetOf(fields[i])).as(fields[i]).isEqualTo(offsets[i]);
            assertThat(fake.offsetOf("WTS_PROCESS_INFO_EXW." + fields[i])).as("the fake's " + fields[i])
                    .isEqualTo(offsets[i]);
        }
        assertThat(fake.offsetOf("WTS_PROCESS_INFO_EXW")).isEqualTo(64);
    }

    @Test
    void processTimesAreKernelPlusUserIn100Nanoseconds() {
        Memory memory = new Memory(64);
        memory.clear();
        memory.setLong(48, 25_000_001L);
        memory.setLong(56, 5_000_000L);

        assertThat(new WtsProcessInfoEx(memory).cpu()).isEqualTo(java.time.Duration.ofNanos(3_000_000_100L));
    }

    @Test
    void javaLayoutsMatchWhatTheCCompilerLaysOutForTheFake() {
        // gcc on x86-64 and MSVC on x64 both align these fields naturally; the structures ask JNA
        // for the MSVC rule, so the layout does not depend on the platform JNA runs on.
        WTSINFOW.keySet().forEach(field -> assertThat(new WtsInfo().offsetOf(field))
                .as(field).isEqualTo(fake.offsetOf("WTSINFOW." + field)));
        assertThat(new WtsInfo().size()).isEqualTo(fake.offsetOf("WTSINFOW"));
        for (String field : new String[] {"SessionId", "pWinStationName", "State"}) {
            assertThat(new WtsSessionInfo().offsetOf(field)).isEqualTo(fake.offsetOf("WTS_SESSION_INFOW." + field));
        }
        assertThat(new WtsSessionInfo().size()).isEqualTo(fake.offsetOf("WTS_SESSION_INFOW"));
        assertThat(new WtsClientAddress().offsetOf("Address")).isEqualTo(fake.offsetOf("WTS_CLIENT_ADDRESS.Address"));
        assertThat(new WtsClientAddress().size()).isEqualTo(fake.offsetOf("WTS_CLIENT_ADDRESS"));
    }

    @Test
    void wtsInfoReadsNamesAsUtf16AndTimesAsFileTimes() {
        Memory memory = new Memory(216);
        memory.clear();
        memory.write(130, "李雷".getBytes(StandardCharsets.UTF_16LE), 0, 4);
        memory.write(96, "SCHULE".getBytes(StandardCharsets.UTF_16LE), 0, 12);
        memory.setLong(200, 116_444_736_000_000_000L + 15);
        memory.setLong(208, 133_000_000_000_000_000L);

        WtsInfo info = new WtsInfo(memory);

        assertThat(info.userName()).isEqualTo("李雷");
        assertThat(info.domain()).isEqualTo("SCHULE");
        assertThat(WtsInfo.instant(info.LogonTime)).isEqualTo(Instant.parse("1970-01-01T00:00:00.0000015Z"));
        assertThat(WtsInfo.instant(info.CurrentTime)).isEqualTo(Instant.parse("2022-06-18T04:26:40Z"));
        assertThat(WtsInfo.instant(info.ConnectTime)).isNull();
    }

    @Test
    void aFileTimeOfZeroOrBefore1601IsUnknown() {
        assertThat(WtsInfo.instant(0)).isNull();
        assertThat(WtsInfo.instant(-1)).isNull();
        assertThat(WtsInfo.instant(1)).isEqualTo(Instant.parse("1601-01-01T00:00:00.0000001Z"));
    }

    @Test
    void readRefusesABufferTooSmallForTheStructure() {
        Memory memory = new Memory(216);
        memory.clear();
        assertThat(WtsInfo.read(memory, 215)).isNull();
        assertThat(WtsInfo.read(memory, 216)).isNotNull();
        assertThat(WtsClientAddress.read(memory, 23)).isEmpty();
    }

    @Test
    void clientAddressesReadFromByteTwo() {
        assertThat(address(WtsClientAddress.AF_INET, 0, 0, 192, 168, 0, 7)).isEqualTo("192.168.0.7");
        // KB 951422: fe80::385f:e84b:ac02:f69c as Windows returns it
        assertThat(address(WtsClientAddress.AF_INET6, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x38, 0x5f,
                0xe8, 0x4b, 0xac, 0x02, 0xf6, 0x9c)).isEqualTo("fe80::385f:e84b:ac02:f69c");
        assertThat(address(WtsClientAddress.AF_INET6, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
                0, 1)).isEqualTo("2001:db8:0:1::1");
        assertThat(address(WtsClientAddress.AF_INET6, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1,
                0, 1)).as("a single zero group is not shortened").isEqualTo("2001:db8:1:0:1:1:1:1");
        assertThat(address(WtsClientAddress.AF_INET6)).isEqualTo("::");
        assertThat(address(WtsClientAddress.AF_UNSPEC, 0, 0, 10, 0, 0, 1)).isEmpty();
    }

    private static String address(int family, int... bytes) {
        WtsClientAddress address = new WtsClientAddress();
        address.AddressFamily = family;
        for (int i = 0; i < bytes.length; i++) {
            address.Address[i] = (byte) bytes[i];
        }
        return address.text();
    }
}
