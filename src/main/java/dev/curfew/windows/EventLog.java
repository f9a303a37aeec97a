package dev.curfew.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.curfew.CurfewException;
import dev.curfew.config.ConfigException;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.EventLogMode;
import dev.curfew.policy.RuleReloader;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's events in the Windows Application log, under the source {@code curfew}. Events are
 * queued (a bounded queue) and written by one thread, {@code curfew-eventlog}, so that a slow or
 * failing event log never holds up a sweep: when the queue is full or {@code ReportEventW} fails,
 * the event is lost, and the first loss is said once in the file log (never as an event).
 *
 * <pre>{@code
 * try (EventLog events = EventLog.open(EventLogApi.load("advapi32"), EventLog.QUEUE)) {
 *     events.report(EventLogApi.EVENTLOG_INFORMATION_TYPE, EventIds.STARTED, "curfew started");
 * }
 * }</pre>
 */
public final class EventLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    public static final String SOURCE = "curfew";
    static final String ADVAPI32 = Advapi32.NAME;
    /** Events waiting for the writer; more are lost. */
    static final int QUEUE = 1000;
    /** How long the stop waits for the queued events to be written. */
    static final Duration DRAIN = Duration.ofSeconds(2);
    /** ReportEventW takes strings of at most 31,839 characters. */
    static final int MAX_TEXT = 31_000;

    private record Event(short type, int id, String text) {
    }

    private static final Event STOP = new Event((short) 0, 0, "");

    private final EventLogApi api;
    private final Pointer source;
    private final BlockingQueue<Event> queue;
    private final Thread writer;
    private final AtomicLong lost = new AtomicLong();
    private final AtomicBoolean saidLost = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EventLogAppender appender;

    private EventLog(EventLogApi api, Pointer source, int capacity) {
        this.api = api;
        this.source = source;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::write, "curfew-eventlog");
        writer.setDaemon(true);
    }

    /** Registers the source {@code curfew} and starts the writer; {@code capacity} events may wait. */
    static EventLog open(EventLogApi api, int capacity) {
        Pointer source = api.RegisterEventSource(null, Wide.of(SOURCE));
        if (source == null) {
            throw new CurfewException("RegisterEventSourceW(\"" + SOURCE + "\") failed: "
                    + Win32Error.describe(Native.getLastError()));
        }
        EventLog events = new EventLog(api, source, capacity);
        events.writer.start();
        return events;
    }

    /** Makes the daemon's log lines that are events ({@link EventIds}) go here too, until {@link #close()}. */
    public EventLog attach() {
        if (appender == null) {
            appender = EventLogAppender.attach(this);
        }
        return this;
    }

    /**
     * The event log of a daemon as {@code log.eventLog} says, attached to its log lines; null when it
     * is off. With {@code on} where advapi32 cannot be used, a {@link ConfigException} naming the key;
     * with {@code auto}, a warning and no event log.
     *
     * @param service whether the daemon runs as a Windows service ({@code run --service})
     */
    public static EventLog forDaemon(CurfewConfig config, boolean service) {
        return forDaemon(config, service, ADVAPI32);
    }

    /** As above, with advapi32 loaded by the name {@code library}. */
    static EventLog forDaemon(CurfewConfig config, boolean service, String library) {
        EventLogMode mode = config.log().eventLog();
        if (!mode.enabled(service)) {
            return null;
        }
        try {
            return open(EventLogApi.load(library), QUEUE).attach();
        } catch (UnsatisfiedLinkError | CurfewException e) {
            String why = e instanceof UnsatisfiedLinkError ? "advapi32 cannot be loaded here ("
                    + e.getMessage().lines().findFirst().orElse("") + ")" : e.getMessage();
            if (mode == EventLogMode.ON) {
                throw ConfigLoader.errorAt(config.file(), "log.eventLog", "on, but the Windows event log cannot be"
                        + " written: " + why + " (use auto, on only as a Windows service, or off)");
            }
            log.warn("log.eventLog: the Windows event log cannot be written: {}; running without it", why);
            return null;
        }
    }

    /**
     * A service's start that failed before its config could be read: {@code reason} goes to the event log
     * as {@code log.eventLog}'s default (auto: on as a service) has it, if advapi32 can be used at all.
     */
    public static void startFailedUnconfigured(String reason) {
        startFailedUnconfigured(reason, ADVAPI32);
    }

    static void startFailedUnconfigured(String reason, String library) {
        try (EventLog events = open(EventLogApi.load(library), QUEUE)) {
            events.startFailed(reason);
        } catch (UnsatisfiedLinkError | CurfewException e) {
            // The reason is on standard error already; there is no event log to write it to.
        }
    }

    /** The start failed with {@code reason} (one line): {@link EventIds#START_FAILED}. */
    public void startFailed(String reason) {
        report(EventLogApi.EVENTLOG_ERROR_TYPE, EventIds.START_FAILED, "curfew did not start: " + reason);
    }

    /** Queues one event; never waits. */
    void report(short type, int id, String text) {
        if (closed.get()) {
            return;
        }
        String clipped = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + " ..." : text;
        if (!queue.offer(new Event(type, id, clipped))) {
            lose("its queue of " + (queue.size() + queue.remainingCapacity()) + " events is full (the event log"
                    + " is slower than the daemon)");
        }
    }

    /** A reload the daemon tried: {@link EventIds#RULES_RELOADED}, or {@link EventIds#RELOAD_REFUSED} with its errors. */
    public void reloaded(RuleReloader.Reload r) {
        if (r.ok()) {
            report(EventLogApi.EVENTLOG_INFORMATION_TYPE, EventIds.RULES_RELOADED, String.join("\n", r.details()));
        } else {
            report(EventLogApi.EVENTLOG_ERROR_TYPE, EventIds.RELOAD_REFUSED, "Not reloaded (" + r.what()
                    + " changed), the last good rules and policy keep running:\n  " + String.join("\n  ", r.details()));
        }
    }

    /** Events lost so far: the queue was full, or ReportEventW failed. */
    public long lost() {
        return lost.get();
    }

    private void lose(String why) {
        lost.incrementAndGet();
        if (saidLost.compareAndSet(false, true)) {
            log.warn("Event log: {}; events are lost from now on while that lasts (said once; this log has them all)",
                    why);
        }
    }

    private void write() {
        try {
            while (true) {
                Event e = queue.take();
                if (e == STOP) {
                    return;
                }
                Memory text = Wide.of(e.text());
                Memory strings = new Memory(Native.POINTER_SIZE);
                strings.setPointer(0, text);
                boolean written = api.ReportEvent(source, e.type(), (short) 0, e.id(), null, (short) 1, 0, strings, null);
                // Reached only through strings during the call: its memory must not be freed before it returns.
                Reference.reachabilityFence(text);
                if (!written) {
                    lose("ReportEventW failed: " + Win32Error.describe(Native.getLastError()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!api.DeregisterEventSource(source)) {
                log.warn("Event log: DeregisterEventSource failed: {}", Win32Error.describe(Native.getLastError()));
            }
        }
    }

    /**
     * Writes what is queued (for at most {@link #DRAIN}), then closes the source. Events still queued
     * after that are lost; the source is closed by the writer once its call under way returns.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        EventLogAppender a = appender;
        if (a != null) {
            a.detach();
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        try {
            if (queue.offer(STOP, DRAIN.toNanos(), TimeUnit.NANOSECONDS)) {
                writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            int left = queue.size();
            writer.interrupt();
            log.warn("Event log: not written within {} s at stop, {} events lost", DRAIN.toSeconds(), left);
        } else if (lost.get() > 0) {
            log.info("Event log: {} events lost while the daemon ran", lost.get());
        }
    }
}
