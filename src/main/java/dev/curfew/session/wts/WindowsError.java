package dev.curfew.session.wts;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinError;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHostException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    private record Known(int code, String name, String text) {
    }

    private static final Map<Integer, Known> KNOWN = Stream.of(
            new Known(WinError.ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND", "not found"),
            new Known(WinError.ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", "access denied"),
            new Known(WinError.ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE", "invalid handle"),
            new Known(WinError.ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", "not enough memory"),
            new Known(WinError.ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED", "not supported"),
            new Known(WinError.ERROR_BAD_NETPATH, "ERROR_BAD_NETPATH", "network path not found"),
            new Known(WinError.ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", "invalid parameter"),
            new Known(WinError.ERROR_NOT_FOUND, "ERROR_NOT_FOUND", "element not found"),
            new Known(WinError.ERROR_LOGON_FAILURE, "ERROR_LOGON_FAILURE", "logon failure"),
            new Known(WinError.ERROR_TIMEOUT, "ERROR_TIMEOUT", "timed out"),
            new Known(WinError.RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE", "RPC server unavailable"),
            new Known(WinError.RPC_S_SERVER_TOO_BUSY, "RPC_S_SERVER_TOO_BUSY", "RPC server too busy"),
            new Known(WinError.RPC_S_CALL_FAILED, "RPC_S_CALL_FAILED", "remote procedure call failed"),
            new Known(WinError.EPT_S_NOT_REGISTERED, "EPT_S_NOT_REGISTERED", "no RPC endpoint available"),
            new Known(WinError.ERROR_CTX_CLOSE_PENDING, "ERROR_CTX_CLOSE_PENDING", "session closing"),
            new Known(WinError.ERROR_CTX_WINSTATION_NOT_FOUND, "ERROR_CTX_WINSTATION_NOT_FOUND", "session not found"),
            new Known(WinError.ERROR_CTX_WINSTATION_BUSY, "ERROR_CTX_WINSTATION_BUSY", "session busy"),
            new Known(WinError.ERROR_CTX_WINSTATION_ACCESS_DENIED, "ERROR_CTX_WINSTATION_ACCESS_DENIED",
                    "access to the session denied"))
            .collect(Collectors.toUnmodifiableMap(Known::code, known -> known));

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
