package dev.curfew.windows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.curfew.Daemon;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.RuleReloader;
import dev.curfew.sweep.Sweeper;
import java.util.List;

/**
 * The event IDs of curfew's events in the Application log (source {@code curfew}), as the README's
 * table documents them. They are stable: monitoring filters on them.
 *
 * <p>Most events are the daemon's own log lines, told apart by their logger and the start of their
 * message pattern, so that every line is at most one event and no code path reports twice; the
 * reloads are reported by the daemon (their errors come as several lines). Lines not listed here
 * are events only when they are warnings or errors.
 */
public final class EventIds {
    public static final int STARTED = 1000;
    public static final int STOPPED = 1001;
    public static final int START_FAILED = 1002;
    public static final int ACTION_DONE = 2000;
    public static final int ACTION_FAILED = 2001;
    public static final int SERVER_UNREACHABLE = 3000;
    public static final int SERVER_BACK = 3001;
    public static final int RULES_RELOADED = 4000;
    public static final int RELOAD_REFUSED = 4001;
    public static final int HISTORY_UNREACHABLE = 5000;
    public static final int OTHER_WARNING = 9000;
    public static final int OTHER_ERROR = 9001;

    private record Line(int id, String logger, String pattern) {
        boolean matches(ILoggingEvent e) {
            return e.getLoggerName().equals(logger) && e.getMessage() != null && e.getMessage().startsWith(pattern);
        }
    }

    private static final String DAEMON = Daemon.class.getName();

    private static final List<Line> LINES = List.of(
            new Line(STARTED, DAEMON, "curfew started in "),
            new Line(STOPPED, DAEMON, "curfew stopped"),
            new Line(ACTION_DONE, ActionRunner.class.getName(), "{}: {} by \"{}\" ({}) done"),
            new Line(ACTION_FAILED, ActionRunner.class.getName(), "{}: {} by \"{}\" failed: "),
            new Line(SERVER_UNREACHABLE, Sweeper.class.getName(), "{}: sweep failed: "),
            new Line(SERVER_BACK, Sweeper.class.getName(), "{}: reachable again after "),
            new Line(HISTORY_UNREACHABLE, Sweeper.class.getName(), "{}: no action taken, the history database"),
            new Line(HISTORY_UNREACHABLE, "dev.curfew.history.GroupCommit", "The history writer failed"),
            // Reported by the daemon as one event each, with all their errors: see EventLog#reloaded.
            new Line(0, RuleReloader.class.getName(), "Rules not reloaded"),
            new Line(0, RuleReloader.class.getName(), "  {}"),
            new Line(0, RuleReloader.class.getName(), "Policy not reloaded"));

    private EventIds() {
    }

    /** The event ID of a log line, or 0 when the line is no event. */
    static int of(ILoggingEvent e) {
        for (Line line : LINES) {
            if (line.matches(e)) {
                return line.id();
            }
        }
        if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return OTHER_ERROR;
        }
        return e.getLevel().isGreaterOrEqual(Level.WARN) ? OTHER_WARNING : 0;
    }

    /** The event type of a line of {@code level}: error, warning or information. */
    static short type(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return EventLogApi.EVENTLOG_ERROR_TYPE;
        }
        return level.isGreaterOrEqual(Level.WARN) ? EventLogApi.EVENTLOG_WARNING_TYPE
                : EventLogApi.EVENTLOG_INFORMATION_TYPE;
    }
}
