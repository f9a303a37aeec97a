package dev.curfew;

import dev.curfew.config.ServerConfig;
import dev.curfew.history.Retention;
import dev.curfew.schedule.Scheduling;
import dev.curfew.schedule.Sweeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: rules compiled, history open, one sweep job per server. {@link #close()}
 * stops it in order (scheduler, then the database pool), at most once.
 *
 * <pre>{@code
 * try (Daemon daemon = Daemon.start(curfew)) {
 *     daemon.awaitStop();
 * }
 * }</pre>
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** The first purge runs soon after start, so a daemon restarted every day still purges. */
    private static final Duration PURGE_DELAY = Duration.ofSeconds(5);

    private final Curfew curfew;
    private final Scheduling scheduling;
    private final Sweeper sweeper;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Daemon(Curfew curfew, Scheduling scheduling, Sweeper sweeper) {
        this.curfew = curfew;
        this.scheduling = scheduling;
        this.sweeper = sweeper;
    }

    /** Compiles the rules, opens the history, and starts sweeping. */
    public static Daemon start(Curfew curfew) {
        long t0 = System.nanoTime();
        var engine = curfew.engine();
        log.info("Rules: {} compiled in {} ms", engine.rules().summary(), engine.rules().compileMillis());
        var history = curfew.history();
        int abandoned = history.markAbandoned(curfew.clock().instant());
        if (abandoned > 0) {
            log.warn("History: {} actions of node {} were left pending by an earlier stop (crash or kill): now"
                    + " marked unknown, as the server may or may not have carried them out; list them with"
                    + " 'curfew history --outcome unknown'", abandoned, history.node());
        }
        java.time.Instant lastSeen = history.lastSweepAt();
        var host = curfew.host();
        List<ServerConfig> servers = curfew.servers();
        Sweeper sweeper = new Sweeper(host, engine, curfew.runner(), history, curfew.clock());
        Scheduling scheduling = new Scheduling(sweeper, engine::policy, curfew.config().parallelism());
        Duration retention = curfew.config().historyRetention();
        if (retention != null) {
            scheduling.every("history-retention", PURGE_DELAY, Duration.ofDays(1),
                    new Retention(history, retention, curfew.clock()));
        }
        scheduling.start(servers);
        scheduling.catchUpClosing(servers, lastSeen, curfew.clock().instant(), curfew.config().misfireGrace(), history);
        var policy = engine.policy();
        log.info("curfew started in {} ms: {} servers on the {} host, sweep every {}, closing {}{}",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), servers.size(), host.kind(),
                dev.curfew.config.Durations.format(curfew.config().sweepInterval()),
                policy.closingAt() == null ? "off" : "\"" + policy.closingAt() + "\" (" + policy.zone() + ")",
                policy.whatIf() ? ", WHAT-IF mode: nothing will be sent to any server" : "");
        return new Daemon(curfew, scheduling, sweeper);
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("curfew stopping: waiting for running sweeps");
        scheduling.shutdown(30);
        curfew.close();
        log.info("curfew stopped");
        stopped.countDown();
    }
}
