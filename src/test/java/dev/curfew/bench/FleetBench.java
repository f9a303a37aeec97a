package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.http.Watch;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleSet;
import dev.curfew.schedule.Scheduling;
import dev.curfew.sweep.Sweeper;
import dev.curfew.session.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fleet sweep: the whole fleet swept through the daemon's own Quartz scheduling, Sweeper, rules,
 * action runner and H2 history, every server's sweep trigger firing at once each round, against the
 * ideal of total calls times latency divided by parallelism.
 */
final class FleetBench {
    /** What the rounds measured, for the table and for tests. */
    record Result(int servers, List<Integer> sweptPerRound, List<Double> roundSeconds, List<Double> serverMillis,
            double idealSeconds, long calls, double meanCallMillis, long maxInFlight, long failedSweeps,
            Series series, List<Double> latenessMillis, Lookups lookups) {
    }

    /** The directory's side of a run with one: users in it, known to curfew after the rounds, still queued. */
    record Lookups(long users, int known, int pending, boolean up) {
    }

    /**
     * The Prometheus page of the daemon's meters after the rounds: how many {@code curfew_} series, and
     * whether any of them is labelled with a server's name (none may be: a fleet must not grow the page).
     */
    record Series(long curfew, boolean namesAServer) {
        static Series of(String page, List<dev.curfew.session.ServerName> servers) {
            List<String> series = page.lines().filter(l -> l.startsWith("curfew_")).toList();
            boolean named = series.stream().anyMatch(l -> servers.stream().anyMatch(n -> l.contains(n.value())));
            return new Series(series.size(), named);
        }
    }

    private FleetBench() {
    }

    /** Sessions that stay quiet while the rounds run: only those over a limit at the start are acted on (round 0). */
    static FleetHost.Seeds steady(Instant start) {
        return (server, session) -> {
            SplittableRandom r = new SplittableRandom(server * 7919L + session);
            double kind = r.nextDouble();
            Instant logon = start.minus(Duration.ofHours(3));
            if (kind < 0.15) {
                Instant dropped = start.minusSeconds(r.nextLong(6 * 3600));
                return new FleetHost.Seed(SessionState.DISCONNECTED, logon, dropped, dropped);
            }
            long idle = kind < 0.18 ? 31 * 60 + r.nextLong(30 * 60) : r.nextLong(10 * 60);
            return new FleetHost.Seed(SessionState.ACTIVE, logon, start.minusSeconds(idle), null);
        };
    }

    static Result measure(BenchOptions o, RuleSet rules) throws InterruptedException {
        return measure(o, rules, null);
    }

    /**
     * The rounds, with each session's user looked up in {@code directory} as the daemon does
     * ({@code Directory.withGroups} before the rules), or without a directory when it is null.
     */
    static Result measure(BenchOptions o, RuleSet rules, FleetDirectory directory) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        FleetHost host = new FleetHost(o.servers(), o.sessions(), o.latency(), steady(clock.instant()), clock);
        double ideal = o.idealSweepSeconds();
        Duration interval = Duration.ofMillis((long) (ideal * 1500) + 3000);
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("fleet"))) {
            PolicyEngine engine = new PolicyEngine(rules, BenchPolicy.closing(null, List.of()));
            ActionRunner runner = new ActionRunner(host, db.store(), clock);
            // The daemon's meters watch the sweeps, as with its HTTP endpoint on (the default).
            Watch watch = new Watch(clock, () -> 0);
            Sweeper sweeper = new Sweeper(host, engine, runner, db.store(), clock, watch, directory == null
                    ? java.util.function.UnaryOperator.identity() : directory.directory()::withGroups);
            watch.watching(sweeper);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, o.parallelism(), clock);
            List<ServerConfig> servers = host.defaultServers().stream().map(s -> new ServerConfig(s, interval)).toList();
            Instant t0 = clock.instant();
            long warmupCalls;
            try {
                scheduling.start(servers);
                // Between the warm-up round's end (about the ideal) and the next round's start (1.5 x ideal + 3 s):
                // read at the next round's start, a late wake-up on a busy machine counted some of its calls as warm-up.
                sleepUntil(t0.plusMillis((long) (ideal * 1250) + 1500));
                warmupCalls = host.calls();
                sleepUntil(t0.plus(interval.multipliedBy(o.rounds())).plus(interval.multipliedBy(9).dividedBy(10)));
            } finally {
                scheduling.shutdown(120);
            }
            long measuredCalls = host.calls() - warmupCalls;
            Series series = Series.of(watch.scrape(), host.defaultServers());
            watch.close();
            Lookups lookups = directory == null ? null : new Lookups(directory.users(),
                    directory.directory().knownUsers(), directory.directory().pending(),
                    directory.directory().status().up());
            return rounds(db, t0, interval, o, ideal, measuredCalls, host, series, lookups);
        }
    }

    static Section run(BenchOptions o, RuleSet rules) throws Exception {
        long t = System.nanoTime();
        Section section = new Section("Fleet sweep", o.fleetSize());
        Result r = measure(o, rules);
        System.gc();
        long d0 = System.nanoTime();
        Result withDirectory;
        double loadSeconds;
        try (FleetDirectory directory = FleetDirectory.start(o.servers(), o.sessions(), Clock.systemUTC())) {
            loadSeconds = (System.nanoTime() - d0) / 1e9;
            withDirectory = measure(o, rules, directory);
        }
        Stats wall = Stats.of(r.roundSeconds());
        Stats perServer = Stats.of(r.serverMillis());
        double ratio = wall.p50() / r.idealSeconds();
        double ratio99 = wall.p99() / r.idealSeconds();
        int minSwept = r.sweptPerRound().stream().mapToInt(Integer::intValue).min().orElse(0);
        section.row("servers swept per measured round (min of " + r.sweptPerRound().size() + ")",
                        "all " + r.servers(), minSwept + " " + r.sweptPerRound(), minSwept == r.servers())
                .info("ideal sweep (calls x latency / parallelism)", String.format("%.2f s", r.idealSeconds()))
                .row("fleet sweep wall time p50", "<= 1.25 x ideal", String.format("%.2f s (%.3f x ideal)", wall.p50(), ratio),
                        ratio <= 1.25 && minSwept == r.servers())
                .row("fleet sweep wall time p99 (max of " + wall.count() + " rounds)", "<= 1.25 x ideal",
                        String.format("%.2f s (%.3f x ideal)", wall.p99(), ratio99), ratio99 <= 1.25 && minSwept == r.servers())
                .info("one server's sweep p50 / p99", String.format("%.0f / %.0f ms (ideal %d ms)", perServer.p50(),
                        perServer.p99(), (o.sessions() + 1) * o.latency().toMillis()))
                .info("mean call time (sleep overshoot included)", String.format("%.2f ms", r.meanCallMillis()))
                .info("calls in flight at most", Long.toString(r.maxInFlight()))
                .info("failed sweeps", Long.toString(r.failedSweeps()))
                .row("curfew_ series on /metrics after the rounds; any labelled with a server's name",
                        "none per server", r.series().curfew() + "; " + (r.series().namesAServer() ? "yes" : "none"),
                        !r.series().namesAServer());
        directoryRows(section, r, withDirectory, loadSeconds);
        section.note("Each round fires every server's sweep trigger at the same instant through the daemon's Quartz "
                + "scheduling (" + o.parallelism() + " threads), Sweeper, default rules, ActionRunner and an H2 file "
                + "history. Round 0 is a warm-up (JIT, and the 3% of sessions over the idle limit are disconnected); "
                + r.roundSeconds().size() + " rounds are measured. Sessions are chosen so that no limit falls due "
                + "during the measured rounds: actions are measured by the closing storm, due checks by timing.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }

    /** The same rounds with the fleet's users in a directory: lookups on its own thread, sweeps as before. */
    private static void directoryRows(Section section, Result plain, Result d, double loadSeconds) {
        Stats before = Stats.of(plain.latenessMillis());
        Stats after = Stats.of(d.latenessMillis());
        Stats wall = Stats.of(d.roundSeconds());
        int minSwept = d.sweptPerRound().stream().mapToInt(Integer::intValue).min().orElse(0);
        Lookups l = d.lookups();
        section.info("sweep start after its trigger p50 / p99, no directory", String.format("%.0f / %.0f ms",
                        before.p50(), before.p99()))
                .row("the same with " + String.format("%,d", l.users()) + " users looked up in a directory",
                        "<= 1.25 x without", String.format("%.0f / %.0f ms", after.p50(), after.p99()),
                        after.p99() <= 1.25 * Math.max(before.p99(), 100) && minSwept == d.servers())
                .row("fleet sweep wall time p99 with the directory", "<= 1.25 x ideal",
                        String.format("%.2f s (%.3f x ideal), all %d servers every round: %s", wall.p99(),
                                wall.p99() / d.idealSeconds(), d.servers(), minSwept == d.servers() ? "yes" : "no"),
                        wall.p99() / d.idealSeconds() <= 1.25 && minSwept == d.servers())
                .info("users known after the rounds / still queued", String.format("%,d of %,d / %,d%s", l.known(),
                        l.users(), l.pending(), l.up() ? "" : " (directory seen down)"))
                .info("in-memory directory filled in", String.format("%.1f s", loadSeconds));
        section.note("With the directory: the same rounds again, each session's user (u<server>-<session>, "
                + String.format("%,d", l.users()) + " of them, each in one of " + FleetDirectory.CLASSES
                + " classes nested three deep) looked up by the daemon's Directory in UnboundID's in-memory LDAP "
                + "server in this JVM, one search per user on the directory's single thread, which the sweeps never "
                + "wait for. A sweep's start is measured from its trigger's instant (sweep.at - sweep.scheduled_at): "
                + "with every server's trigger firing at once, the later servers of a round wait for a thread.");
    }

    private static Result rounds(BenchDb db, Instant t0, Duration interval, BenchOptions o, double ideal, long calls,
            FleetHost host, Series series, Lookups lookups) {
        int n = o.rounds() + 1;
        long[] first = new long[n];
        long[] last = new long[n];
        int[] swept = new int[n];
        long failed = 0;
        List<Double> serverMillis = new ArrayList<>();
        List<Double> lateness = new ArrayList<>();
        java.util.Arrays.fill(first, Long.MAX_VALUE);
        String sql = "SELECT at, duration_ms, error, scheduled_at FROM sweep ORDER BY at";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long at = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
                long ms = rs.getLong(2);
                if (rs.getString(3) != null) {
                    failed++;
                    continue;
                }
                int k = (int) ((at - t0.toEpochMilli()) / interval.toMillis());
                if (k < 0 || k >= n) {
                    continue;
                }
                swept[k]++;
                first[k] = Math.min(first[k], at);
                last[k] = Math.max(last[k], at + ms);
                if (k > 0) {
                    serverMillis.add((double) ms);
                    OffsetDateTime scheduled = rs.getObject(4, OffsetDateTime.class);
                    if (scheduled != null) {
                        lateness.add((double) (at - scheduled.toInstant().toEpochMilli()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sweeps: " + e.getMessage(), e);
        }
        List<Integer> sweptPerRound = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            sweptPerRound.add(swept[k]);
            if (swept[k] > 0) {
                seconds.add((last[k] - first[k]) / 1000.0);
            }
        }
        return new Result(o.servers(), sweptPerRound, seconds, serverMillis, ideal, calls, host.meanCallMillis(),
                host.maxInFlight(), failed, series, lateness, lookups);
    }

    static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
