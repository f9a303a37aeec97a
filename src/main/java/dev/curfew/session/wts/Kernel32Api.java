package dev.curfew.session.wts;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/** The two kernel32 functions that tell which session the daemon itself runs in. */
interface Kernel32Api extends Library {

    int GetCurrentProcessId();

    boolean ProcessIdToSessionId(int processId, IntByReference sessionId);

    /** Loads {@code name} (Kernel32) through JNA's normal search, {@code jna.library.path} first. */
    static Kernel32Api load(String name) {
        return Native.load(name, Kernel32Api.class);
    }
}
