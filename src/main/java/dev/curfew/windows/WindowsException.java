package dev.curfew.windows;

import com.sun.jna.Native;
import dev.curfew.CurfewException;

/**
 * A Windows call that failed, with its error by name:
 * {@code service install: ERROR_SERVICE_EXISTS (1073): a service named curfew exists already}.
 */
public class WindowsException extends CurfewException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /** {@code what} (the command or step), the Windows error, then what it means here and what to do. */
    public WindowsException(String what, int code, String meaning) {
        super(what + ": " + Win32Error.describe(code) + (meaning == null || meaning.isEmpty() ? "" : ": " + meaning));
        this.code = code;
    }

    /** The failure of the native call just made, by its last error; {@code meaning} may depend on it. */
    static WindowsException last(String what, java.util.function.IntFunction<String> meaning) {
        int code = Native.getLastError();
        return new WindowsException(what, code, meaning.apply(code));
    }

    public int code() {
        return code;
    }
}
