package dev.curfew.session.wts;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIFunctionMapper;
import java.util.Map;

/**
 * The wtsapi32 functions curfew calls. A plain {@link Library} (C calling convention, the only one
 * on Windows x64; jna-platform's StdCall binding fails off Windows) whose unicode function mapper
 * binds the {@code ...W} exports. Strings go in as UTF-16LE {@link Utf16#encode memory}, never as
 * {@code WString}, because {@code wchar_t} is 4 bytes on Linux.
 *
 * <p>Methods return the Windows {@code BOOL}; on false, {@link com.sun.jna.Native#getLastError()}
 * holds the error (see {@link WindowsError#lastCall}).
 */
interface WtsApi extends Library {
    /** {@code WTS_INFO_CLASS.WTSClientName}: an LPWSTR. */
    int WTS_CLIENT_NAME = 10;
    /** {@code WTS_INFO_CLASS.WTSClientAddress}: a {@code WTS_CLIENT_ADDRESS}. */
    int WTS_CLIENT_ADDRESS = 14;
    /** {@code WTS_INFO_CLASS.WTSSessionInfo}: a {@code WTSINFOW}. */
    int WTS_SESSION_INFO = 24;

    /** {@code WTS_TYPE_CLASS.WTSTypeSessionInfoLevel1}: what {@code WTSEnumerateSessionsExW} returns. */
    int WTS_TYPE_SESSION_INFO_LEVEL1 = 2;

    int MB_OK = 0x0;
    int MB_ICONWARNING = 0x30;

    boolean WTSEnumerateSessions(Pointer server, int reserved, int version, PointerByReference sessions,
            IntByReference count);

    boolean WTSQuerySessionInformation(Pointer server, int sessionId, int infoClass, PointerByReference buffer,
            IntByReference bytesReturned);

    /** {@code level} is in and out: 1 going in, and Windows leaves it 1. {@code filter} is reserved (0). */
    boolean WTSEnumerateSessionsEx(Pointer server, IntByReference level, int filter, PointerByReference sessions,
            IntByReference count);

    void WTSFreeMemory(Pointer memory);

    /** Frees what {@code WTSEnumerateSessionsExW} returned: its type class and its count of entries. */
    boolean WTSFreeMemoryEx(int typeClass, Pointer memory, int entries);

    Pointer WTSOpenServerEx(Pointer serverName);

    void WTSCloseServer(Pointer server);

    boolean WTSDisconnectSession(Pointer server, int sessionId, boolean wait);

    boolean WTSLogoffSession(Pointer server, int sessionId, boolean wait);

    boolean WTSSendMessage(Pointer server, int sessionId, Pointer title, int titleBytes, Pointer message,
            int messageBytes, int style, int timeoutSeconds, IntByReference response, boolean wait);

    /** Loads {@code name} (Wtsapi32) through JNA's normal search, {@code jna.library.path} first. */
    static WtsApi load(String name) {
        return Native.load(name, WtsApi.class,
                Map.of(Library.OPTION_FUNCTION_MAPPER, W32APIFunctionMapper.UNICODE));
    }
}
