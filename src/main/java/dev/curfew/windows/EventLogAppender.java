package dev.curfew.windows;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the daemon's log lines that are events ({@link EventIds}) to the {@link EventLog}, beside
 * the file log. Called on the thread that logs, so it only queues; the event log's own lines (its
 * losses) stay out of it.
 */
final class EventLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final String OWN = EventLog.class.getName();

    private final EventLog events;

    private EventLogAppender(EventLog events) {
        this.events = events;
    }

    /** Attaches an appender for {@code events} to logback's root logger; null when logback is not the binding. */
    static EventLogAppender attach(EventLog events) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        EventLogAppender appender = new EventLogAppender(events);
        appender.setContext(context);
        appender.setName("EVENTLOG");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    void detach() {
        ((LoggerContext) getContext()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (e.getLoggerName().equals(OWN)) {
            return;
        }
        int id = EventIds.of(e);
        if (id != 0) {
            events.report(EventIds.type(e.getLevel()), id, text(e));
        }
    }

    /** The line's message, and the exception it carries in one line (the file log has its stack). */
    private static String text(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        String message = e.getFormattedMessage();
        return t == null ? message : message + "\n" + t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
