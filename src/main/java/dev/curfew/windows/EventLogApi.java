package dev.curfew.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.win32.W32APIFunctionMapper;
import java.util.Map;

/**
 * The advapi32 functions of the event log. A plain {@link Library} (the C calling convention, the
 * only one on Windows x64), whose unicode function mapper binds the {@code ...W} exports; strings
 * go in as UTF-16LE memory ({@link Wide}), since {@code wchar_t} is 4 bytes on Linux, where the
 * tests' fake stands in.
 */
interface EventLogApi extends Library {
    short EVENTLOG_ERROR_TYPE = 0x0001;
    short EVENTLOG_WARNING_TYPE = 0x0002;
    short EVENTLOG_INFORMATION_TYPE = 0x0004;

    /** {@code server} null: this machine. Null on failure. */
    Pointer RegisterEventSource(Pointer server, Pointer sourceName);

    /** {@code strings} points at {@code count} pointers to NUL-terminated UTF-16 strings. */
    boolean ReportEvent(Pointer source, short type, short category, int eventId, Pointer userSid, short count,
            int dataSize, Pointer strings, Pointer data);

    boolean DeregisterEventSource(Pointer source);

    /** Loads {@code name} (Advapi32) through JNA's normal search, {@code jna.library.path} first. */
    static EventLogApi load(String name) {
        return Native.load(name, EventLogApi.class,
                Map.of(Library.OPTION_FUNCTION_MAPPER, W32APIFunctionMapper.UNICODE));
    }
}
