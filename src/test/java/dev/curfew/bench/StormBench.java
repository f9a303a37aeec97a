package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.history.Source;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleSet;
import dev.curfew.schedule.Scheduling;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closing storm: every session of the fleet closed at once. Twice: straight through ActionRunner into
 * the history ({@link BenchOptions#stormHistory}: H2, or a PostgreSQL database) with calls that take
 * no time (what the history can write), and end to end through the daemon's closing trigger with the
 * fleet's latency (from the trigger to the last outcome recorded).
 */
final class StormBench {
    /** What one storm did: sessions closed, rows written, and how long from trigger to last row. */
    record Result(long sessions, long rows, long done, long pending, double seconds, double firstActionSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private StormBench() {
    }

    /** Everyone at work, nobody near a limit: the closing is the only thing that acts. */
    static FleetHost.Seeds working(Instant now) {
        return (server, session) -> {
            SplittableRandom r = new SplittableRandom(server * 131L + session);
            return new FleetHost.Seed(SessionState.ACTIVE, now.minus(Duration.ofHours(4)),
                    now.minusSeconds(r.nextLong(600)), null);
        };
    }

    /** The closing's decisions of every server run by ActionRunner on {@code threads} threads, one task per server. */
    static Result direct(BenchOptions o, RuleSet rules, int threads) throws Exception {
        Clock clock = Clock.systemUTC();
        FleetHost host = new FleetHost(o.servers(), o.sessions(), Duration.ZERO, working(clock.instant()), clock);
        Policy policy = BenchPolicy.defaults();
        PolicyEngine engine = new PolicyEngine(rules, policy);
        List<List<Decision>> work = new ArrayList<>();
        Closing closing = Closing.now(clock.instant());
        for (ServerName s : host.defaultServers()) {
            work.add(engine.decide(host.list(s), clock.instant(), closing));
        }
        long sessions = work.stream().mapToLong(List::size).sum();
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("storm"), o.stormHistory())) {
            ActionRunner runner = new ActionRunner(host, db.store(), clock);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (List<Decision> decisions : work) {
                    parts.add(pool.submit(() -> runner.run(decisions, Source.CLOSING, policy)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(sessions, db.count("SELECT COUNT(*) FROM action"),
                    db.count("SELECT COUNT(*) FROM action WHERE outcome = 'done'"),
                    db.count("SELECT COUNT(*) FROM action WHERE outcome = 'pending'"), seconds, 0);
        }
    }

    /** The closing fired by its cron trigger in the daemon's scheduling, with the fleet's latency. */
    static Result endToEnd(BenchOptions o, RuleSet rules) throws Exception {
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant();
        FleetHost host = new FleetHost(o.servers(), o.sessions(), o.latency(), working(start), clock);
        Instant at = start.plusMillis((long) (o.idealSweepSeconds() * 1300) + 5000).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ZonedDateTime z = at.atZone(ZoneOffset.UTC);
        String cron = z.getSecond() + " " + z.getMinute() + " " + z.getHour() + " * * ?";
        Policy policy = BenchPolicy.closing(cron, List.of());
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("closing"), o.stormHistory())) {
            PolicyEngine engine = new PolicyEngine(rules, policy);
            ActionRunner runner = new ActionRunner(host, db.store(), clock);
            var sweeper = new dev.curfew.sweep.Sweeper(host, engine, runner, db.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, o.parallelism(), clock);
            long expected = (long) o.servers() * o.sessions();
            try {
                scheduling.start(host.defaultServers().stream().map(s -> new ServerConfig(s, Duration.ofHours(1))).toList());
                Instant deadline = at.plus(Duration.ofMillis((long) (o.idealSweepSeconds() * 2 * 4000) + 60_000));
                while (Instant.now().isBefore(deadline)
                        && db.count("SELECT COUNT(*) FROM action WHERE outcome <> 'pending'") < expected) {
                    Thread.sleep(200);
                }
            } finally {
                scheduling.shutdown(120);
            }
            double[] times = times(db, at);
            return new Result(expected, db.count("SELECT COUNT(*) FROM action"),
                    db.count("SELECT COUNT(*) FROM action WHERE outcome = 'done'"),
                    db.count("SELECT COUNT(*) FROM action WHERE outcome = 'pending'"), times[1], times[0]);
        }
    }

    /** Seconds from {@code trigger} to the first intent and to the last outcome. */
    private static double[] times(BenchDb db, Instant trigger) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MIN(at), MAX(finished_at) FROM action")) {
            rs.next();
            OffsetDateTime first = rs.getObject(1, OffsetDateTime.class);
            OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
            if (first == null || last == null) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {Duration.between(trigger, first.toInstant()).toMillis() / 1000.0,
                    Duration.between(trigger, last.toInstant()).toMillis() / 1000.0};
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the actions: " + e.getMessage(), e);
        }
    }

    static Section run(BenchOptions o, RuleSet rules) throws Exception {
        long t = System.nanoTime();
        Section section = new Section("Closing storm", o.fleetSize());
        // The first storm in this JVM runs H2's write path mostly interpreted; the second is what a
        // daemon that has been writing for a while does. Both are shown, the second against the target.
        Result cold = direct(o, rules, o.parallelism());
        Result direct = direct(o, rules, o.parallelism());
        Result e2e = endToEnd(o, rules);
        // The closing's calls: each sweep thread reads a roster, then waits for its server's calls, made side by
        // side (at most PER_SERVER of one server, IN_FLIGHT in all). The slower of the two limits sets the floor.
        int perServer = ActionRunner.DEFAULT_ACTIONS_PER_SERVER;
        int sideBySide = o.actionsSideBySide();
        double latency = o.latency().toMillis() / 1000.0;
        double bySweepThreads = o.servers() * (FleetHost.ROSTER_CALLS + Math.ceil(o.sessions() / (double) perServer))
                * latency / o.parallelism();
        double byCalls = (double) o.servers() * o.sessions() * latency / sideBySide;
        double ideal = Math.max(bySweepThreads, byCalls);
        section.row("history rows per second (ActionRunner into " + o.stormHistory().label()
                        + ", calls take 0 ms; second storm)", ">= 50,000 rows/s",
                        String.format("%,.0f rows/s (%,d rows in %.2f s)", direct.rowsPerSecond(), direct.rows(), direct.seconds()),
                        direct.rowsPerSecond() >= 50_000)
                .info("the same, first storm in this JVM (cold)",
                        String.format("%,.0f rows/s (%,d rows in %.2f s)", cold.rowsPerSecond(), cold.rows(), cold.seconds()))
                .row("rows missing or not done (direct, both storms)", "0",
                        Long.toString(direct.sessions() - direct.done() + cold.sessions() - cold.done()),
                        direct.sessions() == direct.done() && direct.rows() == direct.sessions()
                                && cold.sessions() == cold.done() && cold.rows() == cold.sessions())
                .info("trigger to first action recorded (daemon, " + o.latency().toMillis() + " ms calls)",
                        String.format("%.2f s", e2e.firstActionSeconds()))
                .info("trigger to last action recorded (daemon)",
                        String.format("%.2f s (%.2f x ideal %.2f s: the larger of servers x sessions calls x latency / %d "
                                + "side by side = %.2f s, and servers x (1 roster + sessions / %d per server) calls x latency"
                                + " / %d sweep threads = %.2f s)", e2e.seconds(), e2e.seconds() / ideal, ideal, sideBySide,
                                byCalls, perServer, o.parallelism(), bySweepThreads))
                .row("rows missing or not done (daemon)", "0", (e2e.sessions() - e2e.done()) + " of " + e2e.sessions(),
                        e2e.sessions() == e2e.done() && e2e.rows() == e2e.sessions());
        if (!o.stormHistory().isH2()) {
            section.note("History: both storms write to " + o.stormHistory().label() + ", emptied before each storm.");
        }
        section.note("Direct: twice in one JVM, the second measured against the target; one ActionRunner.run per server (" + o.parallelism() + " threads), each with that server's "
                + o.sessions() + " closing decisions; every action is an intent row committed before the call and an outcome "
                + "after. Rows per second counts action rows complete with their outcome.");
        section.note("Daemon: the closing's cron trigger fires for every server at the same instant; each server's roster "
                + "is read (one call, as WTSEnumerateSessionsExW) by the " + o.parallelism() + " sweep threads, and its "
                + "sessions disconnected (one call each), up to " + ActionRunner.DEFAULT_ACTIONS_PER_SERVER + " of one "
                + "server and " + ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT + " in all side by side.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }
}
