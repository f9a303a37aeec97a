package dev.curfew;

import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.ServerConfig;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.policy.RuleReloader;
import dev.curfew.schedule.Scheduling;
import dev.curfew.schedule.Sweeper;
import java.nio.file.Path;
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
    private static final Duration RELOAD_CHECK = Duration.ofSeconds(2);

    private final Curfew curfew;
    private final Scheduling scheduling;
    private final Sweeper sweeper;
    private final RuleReloader reloader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Daemon(Curfew curfew, Scheduling scheduling, Sweeper sweeper, RuleReloader reloader) {
        this.curfew = curfew;
        this.scheduling = scheduling;
        this.sweeper = sweeper;
        this.reloader = reloader;
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
        var host = curfew.host();
        List<ServerConfig> servers = curfew.servers();
        Sweeper sweeper = new Sweeper(host, engine, curfew.runner(), history, curfew.clock());
        Scheduling scheduling = new Scheduling(sweeper, engine::policy, curfew.config().parallelism());
        scheduling.start(servers);
        RuleReloader reloader = reloader(curfew, history);
        reloader.start(RELOAD_CHECK);
        var policy = engine.policy();
        log.info("curfew started in {} ms: {} servers on the {} host, sweep every {}, closing {}{}",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), servers.size(), host.kind(),
                dev.curfew.config.Durations.format(curfew.config().sweepInterval()),
                policy.closingAt() == null ? "off" : "\"" + policy.closingAt() + "\" (" + policy.zone() + ")",
                policy.whatIf() ? ", WHAT-IF mode: nothing will be sent to any server" : "");
        return new Daemon(curfew, scheduling, sweeper, reloader);
    }

    /**
     * Watches rules/ and the config file. Only the policy: section is taken from a changed config
     * (servers, sweep and history stay as started), and a what-if start stays what-if.
     */
    private static RuleReloader reloader(Curfew curfew, HistoryStore history) {
        CurfewConfig started = curfew.config();
        boolean whatIf = started.policy().whatIf();
        Path dir = started.file().toAbsolutePath().getParent();
        return new RuleReloader(curfew.engine(), curfew.compiler(), curfew.rulesDir(), started.file(), () -> {
            Policy p = ConfigLoader.load(dir).policy();
            return whatIf ? p.withWhatIf(true) : p;
        }, r -> history.recordReload(r.at(), r.what(), r.ok(), String.join("\n", r.details())), curfew.clock());
    }

    /** The reloader, for tests. */
    RuleReloader reloader() {
        return reloader;
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
        reloader.close();
        scheduling.shutdown(30);
        curfew.close();
        log.info("curfew stopped");
        stopped.countDown();
    }
}
