package dev.curfew.session;

import java.util.List;
import java.util.Optional;

/**
 * The port to the servers: everything curfew needs from a Remote Desktop server. Implemented by
 * the WTS binding on Windows and by the scenario-driven simulated server everywhere else.
 */
public interface SessionHost {

    /** A short name for logs: "wts" or "sim". */
    String kind();

    /** The servers this host sweeps when the config names none. */
    List<ServerName> defaultServers();

    /** Lists the sessions on {@code server}, each observed at the server's current time. */
    List<Session> list(ServerName server);

    /**
     * A quick listing for the end-of-day closing: every session with its id, state, user, domain,
     * station, and the console and own-session flags, as {@link #list} gives them. Times (logon,
     * connect, disconnect, last input) may be unknown (null, so idle and connected durations are
     * unknown too) and client name and address empty, except the client name when
     * {@code clientNames} is asked for (exemptions by client name). The default is {@link #list}.
     */
    default List<Session> roster(ServerName server, boolean clientNames) {
        return list(server);
    }

    /** One session as it is now, or empty when it is gone. */
    default Optional<Session> session(ServerName server, int id) {
        return list(server).stream().filter(s -> s.id() == id).findFirst();
    }

    /**
     * Every process of every session on {@code server}, listed once (with WTS one
     * {@code WTSEnumerateProcessesExW}); the default, for hosts that cannot list them, is none.
     */
    default List<SessionProcess> processes(ServerName server) {
        return List.of();
    }

    /** Sends a message to a session without waiting for an answer. */
    void warn(ServerName server, int sessionId, String title, String text);

    /**
     * Asks a Yes/No question and waits for the answer, at most {@code timeout} (the message closes
     * itself then: {@link Answer#TIMEOUT}). This blocks its thread while the user reads. The default,
     * for hosts that cannot ask, only {@link #warn}s and has no answer.
     */
    default Answer ask(ServerName server, int sessionId, String title, String text, java.time.Duration timeout) {
        warn(server, sessionId, title, text);
        return Answer.TIMEOUT;
    }

    /** Disconnects a session; its programs keep running. */
    void disconnect(ServerName server, int sessionId);

    /** Logs a session off; its programs end. */
    void logoff(ServerName server, int sessionId);
}
