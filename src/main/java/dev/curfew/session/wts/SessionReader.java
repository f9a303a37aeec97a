package dev.curfew.session.wts;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the sessions of one server: {@code WTSEnumerateSessionsW}, then per session
 * {@code WTSSessionInfo}, {@code WTSClientName} and {@code WTSClientAddress}. A query that fails for
 * one session leaves its fields unknown; the session is still listed. {@link #readOne} makes only the
 * three queries of one session; {@link #roster} only one {@code WTSEnumerateSessionsExW}. Every
 * returned buffer is freed.
 */
final class SessionReader {
    private static final Logger log = LoggerFactory.getLogger(SessionReader.class);
    private static final String CONSOLE = "Console";

    private final WtsApi wts;
    private final Clock clock;

    SessionReader(WtsApi wts, Clock clock) {
        this.wts = wts;
        this.clock = clock;
    }

    /** The sessions on {@code server}; {@code ownSession} is the daemon's session if it runs there. */
    List<Session> read(ServerHandle server, OptionalInt ownSession) {
        List<Session> sessions = new ArrayList<>();
        for (Entry entry : enumerate(server)) {
            sessions.add(details(server, entry, isOwn(ownSession, entry.id())));
        }
        return sessions;
    }

    /**
     * One session by id with the listing's three queries and no enumeration, or empty when Windows
     * says there is no such session ({@code ERROR_CTX_WINSTATION_NOT_FOUND}, also when it ends between
     * the queries). Unlike in a listing, {@code WTSSessionInfo} must answer: it gives the state.
     */
    Optional<Session> readOne(ServerHandle server, int id, OptionalInt ownSession) {
        Queried<WtsInfo> info = fetch(server, id, WtsApi.WTS_SESSION_INFO, WtsInfo::read);
        if (info.notFound()) {
            return Optional.empty();
        }
        String call = "WTSQuerySessionInformationW(" + Integer.toUnsignedString(id) + ", WTSSessionInfo)";
        if (info.failed()) {
            throw new SessionHostException(server.name(), call + " failed: " + WindowsError.describe(info.error()));
        }
        WtsInfo found = info.value();
        if (found == null || found.State < 0 || found.State >= SessionState.values().length) {
            throw new SessionHostException(server.name(), call + " returned " + (found == null
                    ? "no WTSINFOW" : "a connect state out of range (" + found.State + ")"));
        }
        Queried<String> clientName = fetch(server, id, WtsApi.WTS_CLIENT_NAME, Utf16::read);
        Queried<String> clientAddress = fetch(server, id, WtsApi.WTS_CLIENT_ADDRESS, WtsClientAddress::read);
        if (clientName.notFound() || clientAddress.notFound()) {
            return Optional.empty();
        }
        Entry entry = new Entry(id, Utf16.decode(found.WinStationName), SessionState.fromWtsValue(found.State));
        return Optional.of(build(server, entry, isOwn(ownSession, id), found, clientName.value(),
                clientAddress.value()));
    }

    /**
     * The sessions on {@code server} from one {@code WTSEnumerateSessionsExW} (level 1): id, state,
     * station, user and domain, and the console and own session as {@link #read} marks them. Times
     * are unknown (null) and the sessions are observed at the local clock; client name and address
     * are empty, unless {@code clientNames}: then one {@code WTSClientName} query per session with a
     * user gives its client name (empty when that query fails, as in a listing).
     */
    List<Session> roster(ServerHandle server, OptionalInt ownSession, boolean clientNames) {
        Instant observedAt = clock.instant();
        List<Session> sessions = new ArrayList<>();
        for (Named named : enumerateWithNames(server)) {
            Entry entry = named.entry();
            String client = clientNames && !named.user().isEmpty()
                    ? query(server, entry.id(), WtsApi.WTS_CLIENT_NAME, Utf16::read) : null;
            sessions.add(start(server, entry, isOwn(ownSession, entry.id()))
                    .user(named.user())
                    .domain(named.domain())
                    .clientName(client)
                    .observedAt(observedAt)
                    .build());
        }
        return sessions;
    }

    private record Entry(int id, String station, SessionState state) {
    }

    /** An entry of {@code WTSEnumerateSessionsExW}, which names the user too. */
    private record Named(Entry entry, String user, String domain) {
    }

    /** A query's buffer as read, or the Windows error it failed with. */
    private record Queried<T>(T value, boolean failed, int error) {
        static <T> Queried<T> answer(T value) {
            return new Queried<>(value, false, 0);
        }

        boolean notFound() {
            return failed && error == WinError.ERROR_CTX_WINSTATION_NOT_FOUND;
        }
    }

    private List<Entry> enumerate(ServerHandle server) {
        PointerByReference buffer = new PointerByReference();
        IntByReference count = new IntByReference();
        if (!wts.WTSEnumerateSessions(server.pointer(), 0, 1, buffer, count)) {
            throw WindowsError.lastCall(server.name(), "WTSEnumerateSessionsW");
        }
        Pointer array = buffer.getValue();
        if (array == null) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            int size = new WtsSessionInfo().size();
            for (int i = 0; i < count.getValue(); i++) {
                WtsSessionInfo info = new WtsSessionInfo(array.share((long) i * size));
                if (inRange(server, info.SessionId, info.State)) {
                    entries.add(new Entry(info.SessionId, info.station(), SessionState.fromWtsValue(info.State)));
                }
            }
            return entries;
        } finally {
            wts.WTSFreeMemory(array);
        }
    }

    private List<Named> enumerateWithNames(ServerHandle server) {
        PointerByReference buffer = new PointerByReference();
        IntByReference level = new IntByReference(1);
        IntByReference count = new IntByReference();
        if (!wts.WTSEnumerateSessionsEx(server.pointer(), level, 0, buffer, count)) {
            throw WindowsError.lastCall(server.name(), "WTSEnumerateSessionsExW");
        }
        Pointer array = buffer.getValue();
        if (array == null) {
            return List.of();
        }
        try {
            if (level.getValue() != 1) {
                throw new SessionHostException(server.name(), "WTSEnumerateSessionsExW returned level "
                        + level.getValue() + " where 1 was asked for");
            }
            List<Named> entries = new ArrayList<>();
            int size = new WtsSessionInfo1().size();
            for (int i = 0; i < count.getValue(); i++) {
                WtsSessionInfo1 info = new WtsSessionInfo1(array.share((long) i * size));
                if (inRange(server, info.SessionId, info.State)) {
                    entries.add(new Named(new Entry(info.SessionId, info.station(),
                            SessionState.fromWtsValue(info.State)), info.userName(), info.domain()));
                }
            }
            return entries;
        } finally {
            if (!wts.WTSFreeMemoryEx(WtsApi.WTS_TYPE_SESSION_INFO_LEVEL1, array, count.getValue())) {
                log.warn("{}: WTSFreeMemoryExW of {} sessions failed: {}; their memory is lost", server.name(),
                        count.getValue(), WindowsError.describe(Native.getLastError()));
            }
        }
    }

    /** False, logged, for an entry whose id or connect state curfew cannot represent. */
    private static boolean inRange(ServerHandle server, int id, int state) {
        if (id < 0 || state < 0 || state >= SessionState.values().length) {
            log.warn("{}: skipped session {}: its id or connect state ({}) is out of range",
                    server.name(), Integer.toUnsignedString(id), state);
            return false;
        }
        return true;
    }

    private static boolean isOwn(OptionalInt ownSession, int id) {
        return ownSession.isPresent() && ownSession.getAsInt() == id;
    }

    /** What every way of reading a session fills the same: station, console and own session. */
    private static Session.Builder start(ServerHandle server, Entry entry, boolean self) {
        return Session.builder(server.name(), entry.id(), entry.state())
                .station(entry.station())
                .console(CONSOLE.equalsIgnoreCase(entry.station()))
                .self(self);
    }

    private Session details(ServerHandle server, Entry entry, boolean self) {
        WtsInfo info = query(server, entry.id(), WtsApi.WTS_SESSION_INFO, WtsInfo::read);
        String clientName = query(server, entry.id(), WtsApi.WTS_CLIENT_NAME, Utf16::read);
        String clientAddress = query(server, entry.id(), WtsApi.WTS_CLIENT_ADDRESS, WtsClientAddress::read);
        return build(server, entry, self, info, clientName, clientAddress);
    }

    private Session build(ServerHandle server, Entry entry, boolean self, WtsInfo info, String clientName,
            String clientAddress) {
        Session.Builder session = start(server, entry, self)
                .clientName(clientName)
                .clientAddress(clientAddress);
        Instant observedAt = null;
        if (info != null) {
            session.user(info.userName())
                    .domain(info.domain())
                    .logon(WtsInfo.instant(info.LogonTime))
                    .connect(WtsInfo.instant(info.ConnectTime))
                    .disconnect(WtsInfo.instant(info.DisconnectTime))
                    .lastInput(WtsInfo.instant(info.LastInputTime));
            observedAt = WtsInfo.instant(info.CurrentTime);
        }
        // The server's clock decides idle times; ours only stands in when the server gave none.
        return session.observedAt(observedAt != null ? observedAt : clock.instant()).build();
    }

    /** Queries one info class and reads the buffer before freeing it; null when the query fails (logged). */
    private <T> T query(ServerHandle server, int sessionId, int infoClass, BiFunction<Pointer, Integer, T> reader) {
        return fetch(server, sessionId, infoClass, reader).value();
    }

    private <T> Queried<T> fetch(ServerHandle server, int sessionId, int infoClass,
            BiFunction<Pointer, Integer, T> reader) {
        PointerByReference buffer = new PointerByReference();
        IntByReference bytes = new IntByReference();
        if (!wts.WTSQuerySessionInformation(server.pointer(), sessionId, infoClass, buffer, bytes)) {
            int error = Native.getLastError();
            log.debug("{}: WTSQuerySessionInformationW({}, {}) failed: {}", server.name(), sessionId, infoClass,
                    WindowsError.describe(error));
            return new Queried<>(null, true, error);
        }
        Pointer memory = buffer.getValue();
        if (memory == null) {
            return Queried.answer(null);
        }
        try {
            return Queried.answer(reader.apply(memory, bytes.getValue()));
        } finally {
            wts.WTSFreeMemory(memory);
        }
    }
}
