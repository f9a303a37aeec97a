package dev.curfew.session.wts;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinError;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHostException;
import java.util.Map;

/**
 * Windows error codes as curfew reports them: {@code access denied (ERROR_ACCESS_DENIED, 5)}, or
 * {@code error 1234} for codes not in the table.
 *
 * <p>The code is read with {@link Native#getLastError()}, which JNA saves right after every call
 * (GetLastError on Windows, errno elsewhere, which is how the Linux fake reports errors). It is read
 * only after a call returned FALSE: methods declared {@code throws LastErrorException} would throw
 * whenever the value is non-zero after the call, and Windows may leave one behind on success.
 */
final class WindowsError {
    private record Known(String name, String text) {
    }

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            Map.entry(WinError.ERROR_FILE_NOT_FOUND, new Known("ERROR_FILE_NOT_FOUND", "not found")),
            Map.entry(WinError.ERROR_ACCESS_DENIED, new Known("ERROR_ACCESS_DENIED", "access denied")),
            Map.entry(WinError.ERROR_INVALID_HANDLE, new Known("ERROR_INVALID_HANDLE", "invalid handle")),
            Map.entry(WinError.ERROR_NOT_ENOUGH_MEMORY, new Known("ERROR_NOT_ENOUGH_MEMORY", "not enough memory")),
            Map.entry(WinError.ERROR_NOT_SUPPORTED, new Known("ERROR_NOT_SUPPORTED", "not supported")),
            Map.entry(WinError.ERROR_BAD_NETPATH, new Known("ERROR_BAD_NETPATH", "network path not found")),
            Map.entry(WinError.ERROR_INVALID_PARAMETER, new Known("ERROR_INVALID_PARAMETER", "invalid parameter")),
            Map.entry(WinError.ERROR_NOT_FOUND, new Known("ERROR_NOT_FOUND", "element not found")),
            Map.entry(WinError.ERROR_LOGON_FAILURE, new Known("ERROR_LOGON_FAILURE", "logon failure")),
            Map.entry(WinError.ERROR_TIMEOUT, new Known("ERROR_TIMEOUT", "timed out")),
            Map.entry(WinError.RPC_S_SERVER_UNAVAILABLE, new Known("RPC_S_SERVER_UNAVAILABLE", "RPC server unavailable")),
            Map.entry(WinError.RPC_S_SERVER_TOO_BUSY, new Known("RPC_S_SERVER_TOO_BUSY", "RPC server too busy")),
            Map.entry(WinError.RPC_S_CALL_FAILED, new Known("RPC_S_CALL_FAILED", "remote procedure call failed")),
            Map.entry(WinError.EPT_S_NOT_REGISTERED, new Known("EPT_S_NOT_REGISTERED", "no RPC endpoint available")),
            Map.entry(WinError.ERROR_CTX_CLOSE_PENDING, new Known("ERROR_CTX_CLOSE_PENDING", "session closing")),
            Map.entry(WinError.ERROR_CTX_WINSTATION_NOT_FOUND, new Known("ERROR_CTX_WINSTATION_NOT_FOUND", "session not found")),
            Map.entry(WinError.ERROR_CTX_WINSTATION_BUSY, new Known("ERROR_CTX_WINSTATION_BUSY", "session busy")),
            Map.entry(WinError.ERROR_CTX_WINSTATION_ACCESS_DENIED,
                    new Known("ERROR_CTX_WINSTATION_ACCESS_DENIED", "access to the session denied")));

    private WindowsError() {
    }

    /** {@code access denied (ERROR_ACCESS_DENIED, 5)}, or {@code error 1234} when unknown. */
    static String describe(int code) {
        Known known = KNOWN.get(code);
        return known == null ? "error " + code : known.text() + " (" + known.name() + ", " + code + ")";
    }

    /** The failure of {@code call} on {@code server}; call it right after the native call returned FALSE. */
    static SessionHostException lastCall(ServerName server, String call) {
        int code = Native.getLastError();
        return new SessionHostException(server, call + " failed: " + describe(code));
    }
}
