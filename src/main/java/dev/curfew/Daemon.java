package dev.curfew;

import dev.curfew.config.ServerConfig;
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
            log.warn("History: {} actions left pending by an earlier stop are now marked unknown", abandoned);
        }
        var store = curfew.config().jobStore();
        // A closing is missed only while the whole cluster was away, not while this node alone was.
        java.time.Instant lastSeen = history.lastSweepAt(store.clustered());
        var host = curfew.host();
        List<ServerConfig> servers = curfew.servers();
        Sweeper sweeper = new Sweeper(host, engine, curfew.runner(), history, curfew.clock());
        Scheduling scheduling = new Scheduling(sweeper, engine::policy, curfew.config().parallelism(), store);
        try {
            scheduling.start(servers);
        } catch (RuntimeException e) {
            scheduling.shutdown(5);
            throw e;
        }
        if (scheduling.clustered()) {
            log.info("Cluster: node {} (Quartz instance {}) on {}, check-in every {}", history.node(),
                    scheduling.instanceId(), store.url(), dev.curfew.config.Durations.format(store.checkinInterval()));
        }
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
