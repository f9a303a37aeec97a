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
    /** {@code WTS_TYPE_CLASS.WTSTypeProcessInfoLevel1}: what {@code WTSEnumerateProcessesExW} returns at level 1. */
    int WTS_TYPE_PROCESS_INFO_LEVEL1 = 1;
    /** {@code WTS_ANY_SESSION}: the processes of every session. */
    int WTS_ANY_SESSION = 0xFFFFFFFE;

    int MB_OK = 0x0;
    int MB_ICONWARNING = 0x30;
    int MB_YESNO = 0x4;
    int MB_ICONQUESTION = 0x20;
    int IDYES = 6;
    int IDNO = 7;
    /** The answer when the message box closed itself after the timeout. */
    int IDTIMEOUT = 32000;

    boolean WTSEnumerateSessions(Pointer server, int reserved, int version, PointerByReference sessions,
            IntByReference count);

    boolean WTSQuerySessionInformation(Pointer server, int sessionId, int infoClass, PointerByReference buffer,
            IntByReference bytesReturned);

    /** {@code level} is in and out: 1 going in, and Windows leaves it 1. {@code filter} is reserved (0). */
    boolean WTSEnumerateSessionsEx(Pointer server, IntByReference level, int filter, PointerByReference sessions,
            IntByReference count);

    void WTSFreeMemory(Pointer memory);

    /**
     * {@code level} is in and out: 1 going in, for {@code WTS_PROCESS_INFO_EXW}. {@code sessionId} may be
     * {@link #WTS_ANY_SESSION}. The array goes back to {@link #WTSFreeMemoryEx} with
     * {@link #WTS_TYPE_PROCESS_INFO_LEVEL1} and its count.
     */
    boolean WTSEnumerateProcessesEx(Pointer server, IntByReference level, int sessionId, PointerByReference processes,
            IntByReference count);

    /** Frees what {@code WTSEnumerateSessionsExW} or {@code WTSEnumerateProcessesExW} returned: its type class and its count. */
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
