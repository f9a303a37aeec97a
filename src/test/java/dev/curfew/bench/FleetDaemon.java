package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleSet;
import dev.curfew.schedule.Scheduling;
import dev.curfew.sweep.Sweeper;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's scheduling, sweeper, rules and history on the simulated fleet, sweeping every minute
 * until the process is stopped: what the footprint benchmark measures in a process of its own.
 * Prints {@code first round done} once every server has been swept.
 */
public final class FleetDaemon {
    private FleetDaemon() {
    }

    public static void serve(BenchOptions o, PrintWriter out) throws InterruptedException {
        RuleSet rules = new dev.curfew.policy.RuleCompiler(org.kie.api.KieServices.get()).compile(o.rulesDir());
        Clock clock = Clock.systemUTC();
        FleetHost host = new FleetHost(o.servers(), o.sessions(), o.latency(), FleetBench.steady(clock.instant()), clock);
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("fleet-daemon"))) {
            PolicyEngine engine = new PolicyEngine(rules, BenchPolicy.closing(null, List.of()));
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, db.store(), clock), db.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, o.parallelism(), clock);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> scheduling.shutdown(5), "fleet-daemon-stop"));
            long t0 = System.nanoTime();
            scheduling.start(host.defaultServers().stream().map(s -> new ServerConfig(s, Duration.ofMinutes(1))).toList());
            while (db.store().countSweeps() < o.servers()) {
                Thread.sleep(100);
            }
            out.printf("first round done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
