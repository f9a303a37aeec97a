package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/**
 * Every benchmark at a tiny size: the work is all done and counted right. Timings are not asserted.
 * They start daemons and commands from the jar, so they run with the benchmarks ({@code -Pbench}).
 */
@Tag("bench")
class BenchmarksTest {
    static RuleSet rules;

    @TempDir
    Path work;

    @BeforeAll
    static void compile() {
        rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
    }

    BenchOptions tiny() {
        return tiny(work, StormHistory.H2);
    }

    /** 6 servers of 4 sessions, 5 ms per call, 4 threads, 2,000 report rows; databases in {@code work}. */
    static BenchOptions tiny(Path work, StormHistory stormHistory) {
        return new BenchOptions(6, 4, Duration.ofMillis(5), 4, 1, Duration.ofMillis(200), Duration.ofSeconds(1), 2000,
                Path.of("rules"), work, stormHistory);
    }

    @Test
    void fleetSweepsEveryServerInEveryRound() throws Exception {
        FleetBench.Result r = FleetBench.measure(tiny(), rules);

        assertThat(r.sweptPerRound()).containsOnly(6);
        assertThat(r.failedSweeps()).isZero();
        assertThat(r.series().curfew()).isPositive();
        assertThat(r.series().namesAServer()).isFalse();
        assertThat(r.calls()).isEqualTo(6 * 5);
        assertThat(r.maxInFlight()).isLessThanOrEqualTo(4);
    }

    @Test
    void fleetWithADirectoryLooksUpEveryUserAndStillSweepsEveryServerInEveryRound() throws Exception {
        try (FleetDirectory directory = FleetDirectory.start(6, 4, Clock.systemUTC())) {
            FleetBench.Result r = FleetBench.measure(tiny(), rules, directory);

            assertThat(r.sweptPerRound()).containsOnly(6);
            assertThat(r.failedSweeps()).isZero();
            assertThat(r.latenessMillis()).hasSize(6);
            assertThat(r.lookups()).isEqualTo(new FleetBench.Lookups(24, 24, 0, true));
        }
    }

    @Test
    void stormWritesOneCompleteRowPerSessionDirectAndThroughTheClosingTrigger() throws Exception {
        StormBench.Result direct = StormBench.direct(tiny(), rules, 4);
        StormBench.Result daemon = StormBench.endToEnd(tiny(), rules);

        for (StormBench.Result r : List.of(direct, daemon)) {
            assertThat(r.sessions()).isEqualTo(24);
            assertThat(r.rows()).isEqualTo(24);
            assertThat(r.done()).isEqualTo(24);
            assertThat(r.pending()).isZero();
        }
        assertThat(daemon.firstActionSeconds()).as("seconds from the closing trigger to the first action").isNotNegative();
    }

    @Test
    void pooledRulesDecideAsTheEngineDoes() {
        List<List<Session>> fleet = RulesBench.fleet(5, 50);
        Policy policy = BenchPolicy.defaults();
        PolicyEngine plain = new PolicyEngine(rules, policy);
        PolicyEngine pooled = new PolicyEngine(PooledRules.compile(Path.of("rules"), 2), policy);

        for (List<Session> batch : fleet) {
            assertThat(pooled.decide(batch, RulesBench.NOW, null)).isEqualTo(plain.decide(batch, RulesBench.NOW, null));
        }
    }

    @Test
    void timingRecordsEveryDueActionAndNoneEarly() throws Exception {
        TimingBench.Result r = TimingBench.measure(tiny(), rules, 3, Duration.ofSeconds(3));

        assertThat(r.recorded()).isEqualTo(r.expected()).isEqualTo(2L * 3 * 4);
        assertThat(r.early()).isZero();
        assertThat(r.idleWarn()).hasSize(3 * 4);
        assertThat(r.idleAct()).hasSize(3 * 4);
        assertThat(r.dueChecksDone()).hasSize(2 * 3 * 4).allSatisfy(ms -> assertThat(ms).isNotNegative());
    }

    @Test
    void aRuleOfTheUsersOwnIsCheckedAtItsDueInstantsToo() throws Exception {
        TimingBench.Result r = TimingBench.measure(tiny(), TimingBench.ownRules(tiny()), 3, Duration.ofSeconds(3));

        assertThat(r.recorded()).isEqualTo(r.expected()).isEqualTo(2L * 3 * 4);
        assertThat(r.early()).isZero();
        assertThat(r.idleWarn()).hasSize(3 * 4);
        assertThat(r.idleAct()).hasSize(3 * 4);
    }

    @Test
    void theReportRunsOverTheGeneratedRowsAndTheDatabaseAndRollupsAreReused() throws Exception {
        ReportBench.Result first = ReportBench.measure(tiny());
        ReportBench.Result second = ReportBench.measure(tiny());

        assertThat(first.rows()).isEqualTo(2000);
        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(first.firstBuildMillis()).isNotNegative();
        assertThat(second.firstBuildMillis()).isEqualTo(-1);
        assertThat(first.reportActions()).isPositive();
        assertThat(second.rollups()).isPositive();

        // The same month through `curfew report` in its own JVM: the same actions.
        ReportBench.Command command = ReportBench.command(tiny(), second.until());
        assertThat(command.error()).isNull();
        assertThat(command.actions()).isEqualTo(second.reportActions());
    }

    @Test
    void footprintStartsTheDemoDaemonTwiceReadsItsMemoryAndTimesAReload() throws Exception {
        // Every start compiles the rules: an edited one and a restart on the same data folder alike.
        FootprintBench.Daemon demo = FootprintBench.demo(tiny(), List.of(), 0, FootprintBench.Start.EDITED, false);
        FootprintBench.Daemon restart = FootprintBench.demo(tiny(), List.of(), 0, FootprintBench.Start.RESTART, true);

        assertThat(demo.error()).isNull();
        assertThat(demo.rulesMillis()).isPositive();
        assertThat(demo.rules()).isEqualTo(FootprintBench.Rules.COMPILED);
        assertThat(demo.rssMib()).isPositive();
        assertThat(restart.error()).isNull();
        assertThat(restart.rules()).isEqualTo(FootprintBench.Rules.COMPILED);
        assertThat(restart.reload()).isNotNull();
        assertThat(restart.reload().compileMillis()).isPositive();
    }
}
