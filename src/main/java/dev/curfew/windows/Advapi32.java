package dev.curfew.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Loads a binding of advapi32: {@code Advapi32.load(ServiceApi.class)}. Each feature keeps its own small
 * interface of the functions it calls (the SCM's, the event log's), all bound to the one library found by
 * JNA's normal search, {@code jna.library.path} first: advapi32.dll on Windows, the tests' fake
 * libAdvapi32.so elsewhere. Nothing refuses to run off Windows: where the library does not load,
 * the {@link UnsatisfiedLinkError} is the answer.
 */
final class Advapi32 {
    static final String NAME = "Advapi32";

    private Advapi32() {
    }

    /** {@code binding} bound to advapi32. */
    static <T extends Library> T load(Class<T> binding) {
        return Native.load(NAME, binding);
    }
}
