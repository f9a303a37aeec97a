package dev.curfew.windows;

import java.util.Map;

/**
 * The Windows error codes the SCM and the event log return, by name: {@code ERROR_SERVICE_EXISTS (1073)},
 * or {@code error 1234} for a code not in the table. The code is {@link com.sun.jna.Native#getLastError()},
 * read right after a call returned FALSE or NULL (JNA saves it after every call: GetLastError on
 * Windows, errno where the fakes set it).
 */
public final class Win32Error {
    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_INSUFFICIENT_BUFFER = 122;
    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    public static final int ERROR_INVALID_NAME = 123;
    public static final int ERROR_SERVICE_REQUEST_TIMEOUT = 1053;
    public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
    public static final int ERROR_INVALID_SERVICE_ACCOUNT = 1057;
    public static final int ERROR_SERVICE_DISABLED = 1058;
    public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
    public static final int ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
    public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
    public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;
    public static final int ERROR_SERVICE_LOGON_FAILED = 1069;
    public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
    public static final int ERROR_SERVICE_EXISTS = 1073;
    public static final int ERROR_DUPLICATE_SERVICE_NAME = 1078;
    public static final int ERROR_SERVICE_NOT_IN_EXE = 1083;
    public static final int ERROR_LOG_FILE_FULL = 1502;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(ERROR_SUCCESS, "ERROR_SUCCESS"),
            Map.entry(ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND"),
            Map.entry(ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED"),
            Map.entry(ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE"),
            Map.entry(ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER"),
            Map.entry(ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER"),
            Map.entry(ERROR_CALL_NOT_IMPLEMENTED, "ERROR_CALL_NOT_IMPLEMENTED"),
            Map.entry(ERROR_INVALID_NAME, "ERROR_INVALID_NAME"),
            Map.entry(ERROR_SERVICE_REQUEST_TIMEOUT, "ERROR_SERVICE_REQUEST_TIMEOUT"),
            Map.entry(ERROR_SERVICE_ALREADY_RUNNING, "ERROR_SERVICE_ALREADY_RUNNING"),
            Map.entry(ERROR_INVALID_SERVICE_ACCOUNT, "ERROR_INVALID_SERVICE_ACCOUNT"),
            Map.entry(ERROR_SERVICE_DISABLED, "ERROR_SERVICE_DISABLED"),
            Map.entry(ERROR_SERVICE_DOES_NOT_EXIST, "ERROR_SERVICE_DOES_NOT_EXIST"),
            Map.entry(ERROR_SERVICE_CANNOT_ACCEPT_CTRL, "ERROR_SERVICE_CANNOT_ACCEPT_CTRL"),
            Map.entry(ERROR_SERVICE_NOT_ACTIVE, "ERROR_SERVICE_NOT_ACTIVE"),
            Map.entry(ERROR_FAILED_SERVICE_CONTROLLER_CONNECT, "ERROR_FAILED_SERVICE_CONTROLLER_CONNECT"),
            Map.entry(ERROR_SERVICE_SPECIFIC_ERROR, "ERROR_SERVICE_SPECIFIC_ERROR"),
            Map.entry(ERROR_SERVICE_LOGON_FAILED, "ERROR_SERVICE_LOGON_FAILED"),
            Map.entry(ERROR_SERVICE_MARKED_FOR_DELETE, "ERROR_SERVICE_MARKED_FOR_DELETE"),
            Map.entry(ERROR_SERVICE_EXISTS, "ERROR_SERVICE_EXISTS"),
            Map.entry(ERROR_DUPLICATE_SERVICE_NAME, "ERROR_DUPLICATE_SERVICE_NAME"),
            Map.entry(ERROR_SERVICE_NOT_IN_EXE, "ERROR_SERVICE_NOT_IN_EXE"),
            Map.entry(ERROR_LOG_FILE_FULL, "ERROR_LOG_FILE_FULL"));

    private Win32Error() {
    }

    /** {@code ERROR_SERVICE_EXISTS (1073)}, or {@code error 1234} when the code is not in the table. */
    public static String describe(int code) {
        String name = NAMES.get(code);
        return name == null ? "error " + code : name + " (" + code + ")";
    }
}
