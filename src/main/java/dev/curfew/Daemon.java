package dev.curfew;

import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.ServerConfig;
import dev.curfew.report.ReportRollups;
import dev.curfew.history.Retention;
import dev.curfew.history.HistoryStore;
import dev.curfew.http.Api;
import dev.curfew.http.Health;
import dev.curfew.http.HttpEndpoint;
import dev.curfew.http.Watch;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleReloader;
import dev.curfew.schedule.Scheduling;
import dev.curfew.sweep.Sweeper;
import dev.curfew.web.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: rules compiled, history open, one sweep job per server. {@link #close()}
 * stops it in order (the HTTP endpoint, the scheduler, then the database pool), at most once.
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

    /** The first purge runs soon after start, so a daemon restarted every day still purges. */
    private static final Duration PURGE_DELAY = Duration.ofSeconds(5);
    /** Off the start-up's busy first minute: the first run may sum two days of actions. */
    private static final Duration ROLLUP_DELAY = Duration.ofMinutes(2);

    private final Curfew curfew;
    private final Scheduling scheduling;
    private final Sweeper sweeper;
    private final RuleReloader reloader;
    private final Watch watch;
    private final HttpEndpoint endpoint;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Daemon(Curfew curfew, Scheduling scheduling, Sweeper sweeper, RuleReloader reloader, Watch watch,
            HttpEndpoint endpoint) {
        this.curfew = curfew;
        this.scheduling = scheduling;
        this.sweeper = sweeper;
        this.reloader = reloader;
        this.watch = watch;
        this.endpoint = endpoint;
    }

    /** Compiles the rules, opens the history, and starts sweeping. */
    public static Daemon start(Curfew curfew) {
        return start(curfew, new StopRequest());
    }

    /**
     * As above; a stop asked of {@code stop} before the sweeps are scheduled makes the start give up
     * ({@link StopRequest.Abandoned}, with nothing scheduled: the caller closes {@code curfew}).
     */
    public static Daemon start(Curfew curfew, StopRequest stop) {
        long t0 = System.nanoTime();
        HttpEndpoint.check(curfew.config().http(), curfew.config().file());
        // The rules compile (seconds, the longest part of a start) while the history opens and migrates;
        // rules that do not compile stop the start here, before anything is scheduled.
        FutureTask<PolicyEngine> compiling = new FutureTask<>(curfew::engine);
        Thread compiler = new Thread(compiling, "curfew-rules-compiler");
        compiler.setDaemon(true);
        compiler.start();
        var history = curfew.history();
        int abandoned = history.markAbandoned(curfew.clock().instant());
        if (abandoned > 0) {
            log.warn("History: {} actions of node {} were left pending by an earlier stop (crash or kill): now"
                    + " marked unknown, as the server may or may not have carried them out; list them with"
                    + " 'curfew history --outcome unknown'", abandoned, history.node());
        }
        // Bound once here, while the rules compile: a refused password stops the start before anything is scheduled.
        var directory = curfew.directory();
        var store = curfew.config().jobStore();
        // A closing is missed only while the whole cluster was away, not while this node alone was.
        java.time.Instant lastSeen = history.lastSweepAt(store.clustered());
        PolicyEngine engine = compiled(compiling);
        stop.check();
        // The host after the rules: a simulated server's scenario starts when it is made, so just before the first sweep.
        // The rules are logged after it, so that a scenario that does not read is its error line alone.
        var host = curfew.host();
        log.info("Rules: {} {}", engine.rules().summary(), engine.rules().howMade());
        engine.policy().shadowedProfiles().forEach((key, message) -> log.warn("policy.{}: {}", key, message));
        List<ServerConfig> servers = curfew.servers();
        Watch watch = new Watch(curfew.clock(), history::queued);
        history.onCommit(watch::committed);
        Sweeper sweeper = new Sweeper(host, engine, curfew.runner(), history, curfew.clock(), watch,
                directory == null ? UnaryOperator.identity() : directory::withGroups);
        watch.watching(sweeper);
        // Quartz keeps schedulers and pools in JVM-wide registries by name: this daemon's own name.
        Scheduling scheduling = new Scheduling(sweeper, engine::policy, curfew.config().sweep().parallelism(), store,
                curfew.clock(), "curfew-" + java.util.UUID.randomUUID());
        scheduling.onDueCheck(watch::late);
        Duration retention = curfew.config().history().retention();
        if (retention != null) {
            scheduling.every("history-retention", PURGE_DELAY, Duration.ofDays(1),
                    new Retention(history, retention, curfew.clock()));
        }
        scheduling.every("report-rollups", ROLLUP_DELAY, Duration.ofHours(1), new ReportRollups(history.dataSource(),
                () -> engine.policy().zone(), curfew.config().report().comebackWindow(), curfew.clock()));
        try {
            stop.schedule(() -> scheduling.start(servers));
        } catch (RuntimeException e) {
            scheduling.shutdown(5);
            throw e;
        }
        // The endpoint after the scheduler: the first sweeps do not wait for the web server to start.
        HttpEndpoint endpoint;
        try {
            endpoint = HttpEndpoint.start(curfew.config().http(), curfew.config().file(),
                    curfew.config().history().dir(), watch, new Health(watch, scheduling::state, history, engine,
                            directory == null ? () -> null : directory::status),
                    new Api(watch, history, engine::policy, scheduling::nextClosing,
                            curfew.config().report().comebackWindow()),
                    new Console(watch, history, engine, scheduling::nextClosing, host, curfew.runner(), curfew.clock(),
                            curfew.config().report().comebackWindow()), curfew.clock());
        } catch (RuntimeException e) {
            scheduling.shutdown(5);
            throw e;
        }
        if (scheduling.clustered()) {
            log.info("Cluster: node {} (Quartz instance {}) on {}, check-in every {}", history.node(),
                    scheduling.instanceId(), store.url(), dev.curfew.config.Durations.format(store.checkinInterval()));
        }
        scheduling.catchUpClosing(servers, lastSeen, curfew.clock().instant(), curfew.config().schedule().misfireGrace(), history);
        RuleReloader reloader = reloader(curfew, history, watch);
        reloader.onConfigChange(() -> reschedule(curfew, scheduling));
        reloader.start(RELOAD_CHECK);
        var policy = engine.policy();
        log.info("curfew started in {} ms: {} servers on the {} host, sweep every {}, closing {}{}",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), servers.size(), host.kind(),
                dev.curfew.config.Durations.format(curfew.config().sweep().interval()),
                policy.closing().at() == null ? "off" : "\"" + policy.closing().at() + "\" (" + policy.zone() + ")",
                policy.whatIf() ? ", WHAT-IF mode: nothing will be sent to any server" : "");
        return new Daemon(curfew, scheduling, sweeper, reloader, watch, endpoint);
    }

    /** The engine the compiler thread made; its failure (bad rules) is thrown here as it was thrown there. */
    private static PolicyEngine compiled(FutureTask<PolicyEngine> compiling) {
        try {
            return compiling.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurfewException("interrupted while the rules compiled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CurfewException("the rules could not be compiled: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Watches rules/ and the config file. Only the policy: section is taken from a changed config
     * (servers, sweep and history stay as started), and a what-if start stays what-if.
     */
    private static RuleReloader reloader(Curfew curfew, HistoryStore history, Watch watch) {
        CurfewConfig started = curfew.config();
        boolean whatIf = started.policy().whatIf();
        Path dir = started.file().toAbsolutePath().getParent();
        var events = curfew.events();
        return new RuleReloader(curfew.engine(), curfew.compiler(), curfew.rulesDir(), started.file(), () -> {
            Policy p = ConfigLoader.load(dir).policy();
            return whatIf ? p.withWhatIf(true) : p;
        }, r -> {
            watch.reloaded(r);
            if (events != null) {
                events.reloaded(r);
            }
            history.recordReload(r.at(), r.what(), r.ok(), String.join("\n", r.details()));
        }, curfew.clock());
    }

    /** Makes the schedule follow a changed config: servers added or dropped, intervals, closing time. */
    private static void reschedule(Curfew curfew, Scheduling scheduling) {
        CurfewConfig fresh = ConfigLoader.load(curfew.config().file().toAbsolutePath().getParent());
        if (!fresh.directory().equals(curfew.config().directory())) {
            // The directory's connection, thread and cache are made once at start: a restart applies the change.
            log.warn("directory: changed in {}: the running daemon keeps the directory it started with until it is"
                    + " restarted", curfew.config().file());
        }
        List<ServerConfig> servers = fresh.servers().isEmpty()
                ? curfew.host().defaultServers().stream().map(s -> new ServerConfig(s, fresh.sweep().interval())).toList()
                : fresh.servers();
        try {
            scheduling.apply(servers);
            log.info("Schedule follows the new config: {} servers, closing {}", servers.size(),
                    curfew.engine().policy().closing().at() == null ? "off" : "\"" + curfew.engine().policy().closing().at() + "\"");
        } catch (org.quartz.SchedulerException e) {
            throw new dev.curfew.CurfewException("cannot reschedule: " + e.getMessage(), e);
        }
    }

    /** The schedule, for tests. */
    Scheduling scheduling() {
        return scheduling;
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
        if (endpoint != null) {
            endpoint.close();   // first: no answer from a daemon half stopped
        }
        reloader.close();
        scheduling.shutdown(30);
        curfew.close();
        watch.close();
        log.info("curfew stopped");
        stopped.countDown();
    }
}
