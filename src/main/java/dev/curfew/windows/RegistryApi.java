package dev.curfew.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIFunctionMapper;
import java.util.Map;

/**
 * The advapi32 registry functions that register the event source. Each returns the Windows error
 * code itself ({@code LSTATUS}, 0 for success), not through the last error.
 */
interface RegistryApi extends Library {
    /** {@code ((HKEY)(ULONG_PTR)((LONG)0x80000002))}: sign-extended, as windows.h makes it on x64. */
    Pointer HKEY_LOCAL_MACHINE = Pointer.createConstant(0xFFFF_FFFF_8000_0002L);

    int REG_OPTION_NON_VOLATILE = 0;
    int KEY_SET_VALUE = 0x0002;
    int REG_EXPAND_SZ = 2;
    int REG_DWORD = 4;

    int RegCreateKeyEx(Pointer key, Pointer subKey, int reserved, Pointer className, int options, int sam,
            Pointer security, PointerByReference result, IntByReference disposition);

    int RegSetValueEx(Pointer key, Pointer valueName, int reserved, int type, Pointer data, int size);

    /** Deletes {@code subKey} of {@code key} with its values and subkeys. */
    int RegDeleteTree(Pointer key, Pointer subKey);

    int RegCloseKey(Pointer key);

    /** Loads {@code name} (Advapi32) through JNA's normal search, {@code jna.library.path} first. */
    static RegistryApi load(String name) {
        return Native.load(name, RegistryApi.class,
                Map.of(Library.OPTION_FUNCTION_MAPPER, W32APIFunctionMapper.UNICODE));
    }
}
