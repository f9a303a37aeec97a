package dev.curfew.bench;

import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Rules throughput: sessions decided per second by the shipped rules through PolicyEngine, and by
 * {@link JavaPolicy}, the same policy written by hand, in the same run on the same sessions.
 */
final class RulesBench {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private RulesBench() {
    }

    /** A mix that reaches every rule: idle over and near the limit, disconnected over and under 8 h, quiet ones. */
    static FleetHost.Seeds mix(Instant now) {
        return (server, session) -> {
            SplittableRandom r = new SplittableRandom(server * 31L + session);
            double k = r.nextDouble();
            Instant logon = now.minus(Duration.ofHours(9));
            if (k < 0.10) {
                return new FleetHost.Seed(SessionState.ACTIVE, logon, now.minusSeconds(1800 + r.nextLong(3600)), null);
            }
            if (k < 0.20) {
                return new FleetHost.Seed(SessionState.ACTIVE, logon, now.minusSeconds(1680 + r.nextLong(120)), null);
            }
            if (k < 0.35) {
                Instant dropped = now.minusSeconds(r.nextLong(16 * 3600));
                return new FleetHost.Seed(SessionState.DISCONNECTED, logon, dropped, dropped);
            }
            return new FleetHost.Seed(SessionState.ACTIVE, logon, now.minusSeconds(r.nextLong(1500)), null);
        };
    }

    /** The sessions of {@code servers} servers of {@code sessions} each, listed at {@link #NOW}, one list per server. */
    static List<List<Session>> fleet(int servers, int sessions) {
        FleetHost host = new FleetHost(servers, sessions, Duration.ZERO, mix(NOW), Clock.fixed(NOW, ZoneOffset.UTC));
        List<List<Session>> out = new ArrayList<>();
        host.defaultServers().forEach(s -> out.add(host.list(s)));
        return out;
    }

    /** Sessions per second over {@code batches}, on {@code threads} threads, after a warm-up of a fifth of the time. */
    static double throughput(List<List<Session>> batches, Function<List<Session>, List<Decision>> decide, int threads,
            Duration time) throws Exception {
        run(batches, decide, threads, time.dividedBy(5));
        return run(batches, decide, threads, time);
    }

    private static double run(List<List<Session>> batches, Function<List<Session>, List<Decision>> decide, int threads,
            Duration time) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            long deadline = t0 + time.toNanos();
            List<Future<long[]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                parts.add(pool.submit(() -> {
                    long sessions = 0;
                    long decisions = 0;
                    int i = offset;
                    while (System.nanoTime() < deadline) {
                        List<Session> batch = batches.get(i % batches.size());
                        decisions += decide.apply(batch).size();
                        sessions += batch.size();
                        i += threads;
                    }
                    return new long[] {sessions, decisions};
                }));
            }
            long sessions = 0;
            for (Future<long[]> f : parts) {
                sessions += f.get()[0];
            }
            return sessions / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many sessions get a different action or due instant from the two implementations. */
    static int differences(List<List<Session>> batches, PolicyEngine engine, JavaPolicy java, Closing closing) {
        int diff = 0;
        for (List<Session> batch : batches) {
            List<Decision> a = engine.decide(batch, NOW, closing);
            List<Decision> b = java.decide(batch, NOW, closing);
            if (a.size() != b.size()) {
                diff += Math.abs(a.size() - b.size());
                continue;
            }
            for (int i = 0; i < a.size(); i++) {
                Decision x = a.get(i);
                Decision y = b.get(i);
                if (x.session().id() != y.session().id() || x.action() != y.action() || !x.due().equals(y.due())) {
                    diff++;
                }
            }
        }
        return diff;
    }

    static Section run(BenchOptions o, RuleSet rules) throws Exception {
        long t = System.nanoTime();
        int servers = Math.max(1, Math.min(o.servers(), 1000));
        Section section = new Section("Rules", String.format("%,d sessions in batches of %d (one server's listing) and in one batch; "
                + "%d s per figure after a common warm-up", servers * o.sessions(), o.sessions(), o.rulesSeconds().toSeconds()));
        Policy policy = BenchPolicy.defaults();
        PolicyEngine engine = new PolicyEngine(rules, policy);
        JavaPolicy java = new JavaPolicy(policy);
        List<List<Session>> perServer = fleet(servers, o.sessions());
        List<Session> all = new ArrayList<>();
        perServer.forEach(all::addAll);
        List<List<Session>> oneBatch = List.of(all);
        Closing closing = Closing.now(NOW);
        int cores = Machine.cores();
        Duration time = o.rulesSeconds();

        int diff = differences(perServer, engine, java, null) + differences(perServer, engine, java, closing);
        // Drools' generated code takes seconds of a busy machine to be compiled by the JIT: warm both up first,
        // a daemon runs for hours.
        Duration warmup = Duration.ofSeconds(Math.max(10, 2 * time.toSeconds()));
        run(perServer, b -> engine.decide(b, NOW, null), cores, warmup);
        run(perServer, b -> engine.decide(b, NOW, closing), cores, warmup.dividedBy(2));
        run(perServer, b -> java.decide(b, NOW, null), cores, warmup.dividedBy(2));
        double drools1 = throughput(perServer, b -> engine.decide(b, NOW, null), 1, time);
        double droolsN = throughput(perServer, b -> engine.decide(b, NOW, null), cores, time);
        double droolsBig = throughput(oneBatch, b -> engine.decide(b, NOW, null), 1, time);
        double droolsClosing = throughput(perServer, b -> engine.decide(b, NOW, closing), cores, time);
        PolicyEngine pooled = new PolicyEngine(PooledRules.compile(o.rulesDir(), 2 * cores), policy);
        run(perServer, b -> pooled.decide(b, NOW, null), cores, warmup.dividedBy(2));
        double pooledN = throughput(perServer, b -> pooled.decide(b, NOW, null), cores, time);
        double java1 = throughput(perServer, b -> java.decide(b, NOW, null), 1, time);
        double javaN = throughput(perServer, b -> java.decide(b, NOW, null), cores, time);

        section.row("Drools, batches of " + o.sessions() + ", " + cores + " threads", ">= 500,000 sessions/s",
                        rate(droolsN), droolsN >= 500_000)
                .info("Drools, batches of " + o.sessions() + ", 1 thread", rate(drools1))
                .info(String.format("Drools, one batch of %,d, 1 thread", all.size()), rate(droolsBig))
                .info("Drools with the closing, batches of " + o.sessions() + ", " + cores + " threads", rate(droolsClosing))
                .info("Drools with pooled sessions (not in PolicyEngine yet), batches of " + o.sessions() + ", "
                        + cores + " threads", rate(pooledN))
                .info("Java baseline, batches of " + o.sessions() + ", 1 thread", rate(java1))
                .info("Java baseline, batches of " + o.sessions() + ", " + cores + " threads", rate(javaN))
                .info("Drools / Java (" + cores + " threads)", String.format("%.3f", droolsN / javaN))
                .row("sessions decided differently by the two", "0", Integer.toString(diff), diff == 0);
        section.note("Drools: PolicyEngine.decide with the shipped rules (executable model), one stateless session per "
                + "call, as a sweep calls it. Java: JavaPolicy, the same rules written by hand. Sessions: 10% over the "
                + "idle limit, 10% in the warning window, 15% disconnected (some over 8 h), the rest quiet.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }

    static String rate(double perSecond) {
        return String.format("%,.0f sessions/s", perSecond);
    }
}
