package dev.curfew.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.curfew.CurfewException;

/**
 * The event source {@code curfew} in the registry, which {@code service install} writes and
 * {@code service uninstall} removes. Its message file is .NET's {@code EventLogMessages.dll}, whose
 * every message is {@code %1}, so Event Viewer shows each event's own text.
 *
 * <pre>{@code
 * EventSource.register(RegistryApi.load("advapi32"));
 * }</pre>
 */
public final class EventSource {
    /** Below HKEY_LOCAL_MACHINE. */
    static final String KEY = "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" + EventLog.SOURCE;
    static final String MESSAGE_FILE = "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
    /** Error, warning and information. */
    static final int TYPES_SUPPORTED = 7;

    private EventSource() {
    }

    /** Writes the source's key (a second install overwrites it); a refusal names the Windows error. */
    public static void register(RegistryApi api) {
        PointerByReference key = new PointerByReference();
        check("RegCreateKeyExW", api.RegCreateKeyEx(RegistryApi.HKEY_LOCAL_MACHINE, Wide.of(KEY), 0, null,
                RegistryApi.REG_OPTION_NON_VOLATILE, RegistryApi.KEY_SET_VALUE, null, key, new IntByReference()));
        Pointer opened = key.getValue();
        try {
            Memory file = Wide.of(MESSAGE_FILE);
            check("RegSetValueExW(EventMessageFile)", api.RegSetValueEx(opened, Wide.of("EventMessageFile"), 0,
                    RegistryApi.REG_EXPAND_SZ, file, (int) file.size()));
            Memory types = new Memory(4);
            types.setInt(0, TYPES_SUPPORTED);   // REG_DWORD is little-endian, as x64 is
            check("RegSetValueExW(TypesSupported)", api.RegSetValueEx(opened, Wide.of("TypesSupported"), 0,
                    RegistryApi.REG_DWORD, types, 4));
        } finally {
            api.RegCloseKey(opened);
        }
    }

    /** Deletes the source's key; a key already gone is no error. */
    public static void remove(RegistryApi api) {
        int status = api.RegDeleteTree(RegistryApi.HKEY_LOCAL_MACHINE, Wide.of(KEY));
        if (status != Win32Error.ERROR_FILE_NOT_FOUND) {
            check("RegDeleteTreeW", status);
        }
    }

    private static void check(String call, int status) {
        if (status != 0) {
            throw new CurfewException(call + " on HKEY_LOCAL_MACHINE\\" + KEY + " failed: " + Win32Error.describe(status));
        }
    }
}
