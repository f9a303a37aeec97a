package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import dev.curfew.session.ServerName;

/**
 * A WTS server handle: {@code WTS_CURRENT_SERVER_HANDLE} (null) for the local server, otherwise one
 * opened with {@code WTSOpenServerExW} that {@link #close()} closes.
 *
 * <pre>{@code
 * try (ServerHandle server = ServerHandle.open(wts, name)) {
 *     wts.WTSLogoffSession(server.pointer(), 3, false);
 * }
 * }</pre>
 */
final class ServerHandle implements AutoCloseable {
    private static final long INVALID_HANDLE_VALUE = -1;

    private final WtsApi wts;
    private final ServerName name;
    private final Pointer handle;

    private ServerHandle(WtsApi wts, ServerName name, Pointer handle) {
        this.wts = wts;
        this.name = name;
        this.handle = handle;
    }

    /** The handle for {@code name}; throws when a remote server cannot be opened. */
    static ServerHandle open(WtsApi wts, ServerName name) {
        if (name.isLocal()) {
            return new ServerHandle(wts, name, null);
        }
        Pointer handle = wts.WTSOpenServerEx(Utf16.encode(name.value()));
        if (handle == null || Pointer.nativeValue(handle) == INVALID_HANDLE_VALUE) {
            throw WindowsError.lastCall(name, "WTSOpenServerExW");
        }
        return new ServerHandle(wts, name, handle);
    }

    ServerName name() {
        return name;
    }

    boolean isLocal() {
        return handle == null;
    }

    /** The handle to pass to the WTS functions; null means the current server. */
    Pointer pointer() {
        return handle;
    }

    @Override
    public void close() {
        if (handle != null) {
            wts.WTSCloseServer(handle);
        }
    }
}
