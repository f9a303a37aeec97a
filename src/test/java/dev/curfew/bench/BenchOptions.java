package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The sizes and knobs of one benchmark run.
 *
 * @param servers servers in the simulated fleet
 * @param sessions user sessions per server
 * @param latency the time each WTS-like call takes
 * @param parallelism sweep threads (the daemon's {@code sweep.parallelism})
 * @param rounds measured fleet sweeps, after one warm-up sweep
 * @param rulesSeconds how long each rules measurement runs
 * @param timingWindow how long the timing benchmark watches limits fall due
 * @param reportRows history rows generated for the report queries
 * @param rulesDir the rules to compile (the shipped ones by default)
 * @param workDir where databases are written (the report database is kept there for reruns)
 * @param stormHistory where the closing storm writes its history (the other benchmarks use H2 in workDir)
 */
public record BenchOptions(int servers, int sessions, Duration latency, int parallelism, int rounds,
        Duration rulesSeconds, Duration timingWindow, int reportRows, Path rulesDir, Path workDir,
        StormHistory stormHistory) {

    public BenchOptions {
        if (servers < 1 || sessions < 1 || parallelism < 1 || rounds < 1 || reportRows < 1) {
            throw new IllegalArgumentException("servers, sessions, parallelism, rounds and report rows must be at least 1");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        Objects.requireNonNull(stormHistory, "stormHistory");
    }

    /** The fleet: 1,000 servers of 50 sessions, 20 ms per call, 64 sweep threads, 3,000,000 report rows. */
    public static BenchOptions defaults(Path rulesDir, Path workDir) {
        return new BenchOptions(1000, 50, Duration.ofMillis(20), 64, 3, Duration.ofSeconds(4), Duration.ofSeconds(30),
                3_000_000, rulesDir, workDir, StormHistory.H2);
    }

    /** Total WTS-like calls of one sweep of the whole fleet: one enumerate plus one per session, per server. */
    long callsPerFleetSweep() {
        return (long) servers * (sessions + 1);
    }

    /** The ideal fleet sweep: total calls times latency divided by parallelism, in seconds. */
    double idealSweepSeconds() {
        return callsPerFleetSweep() * latency.toNanos() / 1e9 / parallelism;
    }

    /**
     * How many action calls of a closing go side by side: the sweep threads' servers at most
     * {@code sweep.actionsPerServer} each, all of them at most {@code sweep.actionsInFlight} (the defaults).
     */
    int actionsSideBySide() {
        return Math.min(ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT, parallelism * ActionRunner.DEFAULT_ACTIONS_PER_SERVER);
    }

    String fleetSize() {
        return String.format("%,d servers x %,d sessions = %,d sessions, %d ms per call, parallelism %d", servers,
                sessions, (long) servers * sessions, latency.toMillis(), parallelism);
    }
}
