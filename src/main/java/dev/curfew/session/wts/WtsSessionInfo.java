package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WTS_SESSION_INFOW}, one element of the array {@code WTSEnumerateSessionsW} returns:
 * 24 bytes on Windows x64 (the pointer is 8-aligned after the first DWORD).
 * Public only because JNA reads and writes the fields reflectively; made only in this package.
 */
@FieldOrder({"SessionId", "pWinStationName", "State"})
public final class WtsSessionInfo extends Structure {
    public int SessionId;
    public Pointer pWinStationName;
    public int State;

    WtsSessionInfo() {
        super(ALIGN_MSVC);
    }

    WtsSessionInfo(Pointer memory) {
        super(memory, ALIGN_MSVC);
        read();
    }

    /** The station name, e.g. {@code RDP-Tcp#4} or {@code Console}. */
    String station() {
        return Utf16.read(pWinStationName);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
