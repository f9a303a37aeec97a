package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.time.Instant;

/**
 * {@code WTSINFOW}, what {@code WTSQuerySessionInformationW(WTSSessionInfo)} returns: 216 bytes on
 * Windows x64. Names are {@code WCHAR[]} read as UTF-16LE bytes; times are {@code LARGE_INTEGER}
 * FILETIMEs (100 ns since 1601, UTC), 0 where the server does not know them.
 * Public only because JNA reads and writes the fields reflectively; made only in this package.
 */
@FieldOrder({"State", "SessionId", "IncomingBytes", "OutgoingBytes", "IncomingFrames", "OutgoingFrames",
        "IncomingCompressedBytes", "OutgoingCompressedBytes", "WinStationName", "Domain", "UserName",
        "ConnectTime", "DisconnectTime", "LastInputTime", "LogonTime", "CurrentTime"})
public final class WtsInfo extends Structure {
    static final int WINSTATIONNAME_LENGTH = 32;
    static final int DOMAIN_LENGTH = 17;
    static final int USERNAME_LENGTH = 20;

    /** FILETIME of 1970-01-01T00:00:00Z. */
    private static final long UNIX_EPOCH = 116_444_736_000_000_000L;

    public int State;
    public int SessionId;
    public int IncomingBytes;
    public int OutgoingBytes;
    public int IncomingFrames;
    public int OutgoingFrames;
    public int IncomingCompressedBytes;
    public int OutgoingCompressedBytes;
    public byte[] WinStationName = new byte[2 * WINSTATIONNAME_LENGTH];
    public byte[] Domain = new byte[2 * DOMAIN_LENGTH];
    public byte[] UserName = new byte[2 * (USERNAME_LENGTH + 1)];
    public long ConnectTime;
    public long DisconnectTime;
    public long LastInputTime;
    public long LogonTime;
    public long CurrentTime;

    WtsInfo() {
        super(ALIGN_MSVC);
    }

    WtsInfo(Pointer memory) {
        super(memory, ALIGN_MSVC);
        read();
    }

    /** The structure at {@code memory}, or null when the buffer is too small to hold one. */
    static WtsInfo read(Pointer memory, int bytes) {
        WtsInfo info = new WtsInfo();
        return bytes < info.size() ? null : new WtsInfo(memory);
    }

    String userName() {
        return Utf16.decode(UserName);
    }

    String domain() {
        return Utf16.decode(Domain);
    }

    /** A FILETIME as an instant; null for 0 (unknown) and for values before 1601. */
    static Instant instant(long fileTime) {
        if (fileTime <= 0) {
            return null;
        }
        long sinceEpoch = fileTime - UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 10_000_000L),
                Math.floorMod(sinceEpoch, 10_000_000L) * 100);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
