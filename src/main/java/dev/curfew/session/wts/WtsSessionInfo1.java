package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WTS_SESSION_INFO_1W}, one element of the array {@code WTSEnumerateSessionsExW} returns at
 * level 1: 56 bytes on Windows x64 (three DWORD-sized fields, then five pointers from offset 16).
 * Names are pointers to UTF-16LE strings; the user and domain are null when no user is logged on.
 * Public only because JNA reads and writes the fields reflectively; made only in this package.
 */
@FieldOrder({"ExecEnvId", "State", "SessionId", "pSessionName", "pHostName", "pUserName", "pDomainName",
        "pFarmName"})
public final class WtsSessionInfo1 extends Structure {
    public int ExecEnvId;
    public int State;
    public int SessionId;
    public Pointer pSessionName;
    public Pointer pHostName;
    public Pointer pUserName;
    public Pointer pDomainName;
    public Pointer pFarmName;

    WtsSessionInfo1() {
        super(ALIGN_MSVC);
    }

    WtsSessionInfo1(Pointer memory) {
        super(memory, ALIGN_MSVC);
        read();
    }

    /** The station name, e.g. {@code RDP-Tcp#4} or {@code Console}. */
    String station() {
        return Utf16.read(pSessionName);
    }

    String userName() {
        return Utf16.read(pUserName);
    }

    String domain() {
        return Utf16.read(pDomainName);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
