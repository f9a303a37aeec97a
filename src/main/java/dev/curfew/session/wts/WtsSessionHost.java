package dev.curfew.session.wts;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session host of real Remote Desktop servers, through wtsapi32 (Windows x64). {@code localhost}
 * is the current server; other servers are opened for each call and closed after it. Failures are
 * {@link SessionHostException}s naming the server, the call and the Windows error.
 *
 * <pre>{@code
 * SessionHost host = WtsSessionHost.load(clock);
 * host.list(ServerName.of("ms01"));
 * host.disconnect(ServerName.of("ms01"), 3);
 * // ms01: WTSDisconnectSession(3) failed: access denied (ERROR_ACCESS_DENIED, 5)
 * }</pre>
 */
public final class WtsSessionHost implements SessionHost {
    private static final Logger log = LoggerFactory.getLogger(WtsSessionHost.class);

    private final WtsApi wts;
    private final Kernel32Api kernel32;
    private final SessionReader reader;
    private final ProcessReader processes;

    WtsSessionHost(WtsApi wts, Kernel32Api kernel32, Clock clock) {
        this.wts = wts;
        this.kernel32 = kernel32;
        this.reader = new SessionReader(wts, clock);
        this.processes = new ProcessReader(wts);
    }

    /**
     * Loads Wtsapi32 and Kernel32 through JNA's search ({@code jna.library.path} first). The clock
     * only stands in for a server that reports no current time.
     *
     * @throws SessionHostException when the libraries cannot be loaded (not Windows)
     */
    public static WtsSessionHost load(Clock clock) {
        return load("Wtsapi32", "Kernel32", clock);
    }

    static WtsSessionHost load(String wtsapi, String kernel, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        try {
            return new WtsSessionHost(WtsApi.load(wtsapi), Kernel32Api.load(kernel), clock);
        } catch (UnsatisfiedLinkError e) {
            throw new SessionHostException(ServerName.LOCALHOST, "cannot load the Windows session API: "
                    + firstLine(e.getMessage()) + "; the wts backend needs Windows, use --backend sim elsewhere", e);
        }
    }

    @Override
    public String kind() {
        return "wts";
    }

    @Override
    public List<ServerName> defaultServers() {
        return List.of(ServerName.LOCALHOST);
    }

    @Override
    public List<Session> list(ServerName server) {
        return call(server, handle -> reader.read(handle, ownSessionOn(handle)));
    }

    /**
     * One {@code WTSEnumerateSessionsExW} (and the open and close of a remote server), plus one
     * {@code WTSClientName} query per session with a user when {@code clientNames}: no times, no
     * client address, observed at the local clock.
     */
    @Override
    public List<Session> roster(ServerName server, boolean clientNames) {
        return call(server, handle -> reader.roster(handle, ownSessionOn(handle), clientNames));
    }

    /** Three queries of that one session (and the open and close of a remote server), not a listing. */
    @Override
    public Optional<Session> session(ServerName server, int id) {
        if (id < 0) {
            return Optional.empty(); // no session has one; the listing skips them too
        }
        return call(server, handle -> reader.readOne(handle, id, ownSessionOn(handle)));
    }

    /** One {@code WTSEnumerateProcessesExW} of every session (and the open and close of a remote server). */
    @Override
    public List<SessionProcess> processes(ServerName server) {
        return call(server, processes::read);
    }

    @Override
    public void warn(ServerName server, int sessionId, String title, String text) {
        Memory titleText = Utf16.encode(title == null ? "" : title);
        Memory messageText = Utf16.encode(Objects.requireNonNull(text, "text"));
        IntByReference response = new IntByReference();
        check(server, "WTSSendMessageW(" + sessionId + ")", handle -> wts.WTSSendMessage(handle, sessionId,
                titleText, Utf16.byteLength(titleText), messageText, Utf16.byteLength(messageText),
                WtsApi.MB_OK | WtsApi.MB_ICONWARNING, 0, response, false));
    }

    /**
     * {@code WTSSendMessageW} with {@code MB_YESNO} and {@code bWait} TRUE: blocks until the user answers
     * ({@code IDYES} 6, {@code IDNO} 7) or the message box closes itself after {@code timeout}, at least a
     * second ({@code IDTIMEOUT} 32000).
     */
    @Override
    public Answer ask(ServerName server, int sessionId, String title, String text, Duration timeout) {
        Memory titleText = Utf16.encode(title == null ? "" : title);
        Memory messageText = Utf16.encode(Objects.requireNonNull(text, "text"));
        IntByReference response = new IntByReference();
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        check(server, "WTSSendMessageW(" + sessionId + ")", handle -> wts.WTSSendMessage(handle, sessionId,
                titleText, Utf16.byteLength(titleText), messageText, Utf16.byteLength(messageText),
                WtsApi.MB_YESNO | WtsApi.MB_ICONQUESTION, seconds, response, true));
        return switch (response.getValue()) {
            case WtsApi.IDYES -> Answer.YES;
            case WtsApi.IDNO -> Answer.NO;
            default -> Answer.TIMEOUT;
        };
    }

    /** Asks for the disconnect without waiting for it; the next listing shows the result. */
    @Override
    public void disconnect(ServerName server, int sessionId) {
        check(server, "WTSDisconnectSession(" + sessionId + ")",
                handle -> wts.WTSDisconnectSession(handle, sessionId, false));
    }

    /** Asks for the logoff without waiting for programs to end; the next listing shows the result. */
    @Override
    public void logoff(ServerName server, int sessionId) {
        check(server, "WTSLogoffSession(" + sessionId + ")",
                handle -> wts.WTSLogoffSession(handle, sessionId, false));
    }

    private void check(ServerName server, String call, Predicate<Pointer> action) {
        call(server, handle -> {
            if (!action.test(handle.pointer())) {
                throw WindowsError.lastCall(server, call);
            }
            return null;
        });
    }

    private <T> T call(ServerName server, Function<ServerHandle, T> work) {
        try (ServerHandle handle = ServerHandle.open(wts, server)) {
            return work.apply(handle);
        } catch (UnsatisfiedLinkError e) {
            throw new SessionHostException(server, "the Windows session API lacks a function curfew needs: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** The session this process runs in, if {@code server} is the local one and Windows says. */
    private OptionalInt ownSessionOn(ServerHandle server) {
        if (!server.isLocal()) {
            return OptionalInt.empty();
        }
        IntByReference sessionId = new IntByReference();
        if (!kernel32.ProcessIdToSessionId(kernel32.GetCurrentProcessId(), sessionId)) {
            log.debug("ProcessIdToSessionId failed: {}; no session is marked as curfew's own",
                    WindowsError.describe(Native.getLastError()));
            return OptionalInt.empty();
        }
        return OptionalInt.of(sessionId.getValue());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
