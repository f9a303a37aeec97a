package dev.curfew.schedule;

import dev.curfew.config.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster's database from a node. While it cannot be reached Quartz fires nothing on
 * this node, so nothing is done that could not be recorded; this says so, one line per check
 * instead of Quartz's stack traces, and says when the node is back in the cluster.
 */
final class DatabaseWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

    /** Opens a connection to the database watched. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final String url;
    private final Connections connections;
    private final Duration interval;
    private final Clock clock;
    private volatile boolean down;
    private volatile boolean stopped;
    private Instant since;
    private Thread thread;

    DatabaseWatch(String url, Connections connections, Duration interval, Clock clock) {
        this.url = url;
        this.connections = connections;
        this.interval = interval;
        this.clock = clock;
    }

    synchronized void start() {
        if (thread == null) {
            thread = new Thread(this, "curfew-db-watch");
            thread.setDaemon(true);
            thread.start();
        }
    }

    boolean down() {
        return down;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                check();
                TimeUnit.MILLISECONDS.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("database watch: {}", e.toString());
            }
        }
    }

    void check() {
        String error = null;
        try (Connection c = connections.open()) {
            if (!c.isValid(2)) {
                error = "the connection is not valid";
            }
        } catch (SQLException e) {
            error = reason(e);
        }
        if (error != null) {
            if (!down) {
                since = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                down = true;
            }
            log.error("schedule database {} unreachable since {}: {}; this node fires nothing and takes no action "
                    + "until it is back (checking every {})", url, since, error, Durations.format(interval));
        } else if (down) {
            down = false;
            log.info("schedule database {} reachable again after {}: this node rejoins the cluster", url,
                    Durations.format(Duration.between(since, clock.instant()).withNanos(0)));
        }
    }

    /** The driver's own words, under the pool's "connection is not available". */
    static String reason(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                deepest = t;
            }
        }
        String m = deepest.getMessage();
        return m == null ? deepest.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    synchronized void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
