package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionRunner;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/** Full sweeps of the shipped demo through the simulated host, the shipped rules and a real H2. */
class SweepIntoHistoryTest {
    static final ServerName MS01 = ServerName.of("ms01.school.local");
    static final ServerName MS02 = ServerName.of("ms02.school.local");
    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    static RuleSet rules;
    static CurfewConfig config;

    MutableClock clock;
    MemoryHistory history;
    SimulatedSessionHost host;
    Sweeper sweeper;

    @BeforeAll
    static void compileShippedRules() {
        rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
        config = ConfigLoader.load(Path.of("config"));
    }

    @BeforeEach
    void startTheDemo() {
        clock = new MutableClock(START);
        history = new MemoryHistory();
        host = new SimulatedSessionHost(ScenarioReader.read(config.host().scenario()).startingAt(START), clock);
        PolicyEngine engine = new PolicyEngine(rules, config.policy());
        sweeper = new Sweeper(host, engine, new ActionRunner(host, history.store(), clock), history.store(), clock);
    }

    @AfterEach
    void closeHistory() {
        history.close();
    }

    @Test
    void firstSweepWarnsAliceLogsOffBobAndRecordsIntentAndOutcome() {
        Sweeper.Result result = sweeper.sweep(MS01, null);

        assertThat(result.error()).isNull();
        assertThat(result.sessionsSeen()).isEqualTo(8);
        List<HistoryEntry> rows = history.store().query(HistoryFilter.ALL);
        assertThat(rows).extracting(HistoryEntry::sessionId, HistoryEntry::user, HistoryEntry::action,
                        HistoryEntry::rule, HistoryEntry::reason, HistoryEntry::outcome, HistoryEntry::source)
                .containsExactlyInAnyOrder(
                        tuple(2, "alice", ActionType.WARN, "idle limit", "idle 29m20s", Outcome.DONE, Source.POLICY),
                        tuple(3, "bob", ActionType.LOGOFF, "disconnected limit", "disconnected 8h30m", Outcome.DONE,
                                Source.POLICY));
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.at()).isEqualTo(START);
            assertThat(r.finishedAt()).isEqualTo(START);
            assertThat(r.server()).isEqualTo("ms01.school.local");
            assertThat(r.domain()).isEqualTo("SCHOOL");
            assertThat(r.node()).isEqualTo("test-node");
            assertThat(r.whatIf()).isFalse();
        });
        String due = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .format(START.plusSeconds(40).atZone(config.policy().zone()));
        assertThat(host.messages()).singleElement().asString()
                .isEqualTo("ms01.school.local#2: Your session will be disconnected: alice, this session will be "
                        + "disconnected at " + due + " (in 1 min). Save your work.");
        assertThat(host.list(MS01)).extracting(s -> s.id()).doesNotContain(3);
        assertThat(history.store().countSweeps()).isEqualTo(1);
    }

    @Test
    void aMinuteLaterAliceIsDisconnectedAndNotWarnedAgain() {
        sweeper.sweep(MS01, null);
        clock.advance(Duration.ofSeconds(30));
        sweeper.sweep(MS01, null);
        clock.advance(Duration.ofSeconds(30));
        sweeper.sweep(MS01, null);

        List<HistoryEntry> alice = history.store().query(new HistoryFilter(null, null, null, "alice", null, null, null, 0));
        assertThat(alice).extracting(HistoryEntry::action, HistoryEntry::at)
                .containsExactly(tuple(ActionType.WARN, START), tuple(ActionType.DISCONNECT, START.plusSeconds(60)));
        assertThat(host.list(MS01)).filteredOn(s -> s.id() == 2).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(SessionState.DISCONNECTED));
        assertThat(history.store().countSweeps()).isEqualTo(3);
    }

    @Test
    void protectedAndExemptSessionsGetNoRow() {
        sweeper.sweep(MS01, null);
        clock.advance(Duration.ofHours(1));
        sweeper.sweep(MS01, null);

        assertThat(history.store().query(HistoryFilter.ALL)).extracting(HistoryEntry::user)
                .doesNotContain("admin", "svc_backup", "carol", "");
    }

    @Test
    void otherServerIsSweptOnItsOwn() {
        sweeper.sweep(MS02, null);

        assertThat(history.store().query(HistoryFilter.ALL)).singleElement().satisfies(r -> {
            assertThat(r.server()).isEqualTo("ms02.school.local");
            assertThat(r.user()).isEqualTo("frank");
            assertThat(r.client()).isEqualTo("LAB-12");
            assertThat(r.action()).isEqualTo(ActionType.DISCONNECT);
            assertThat(r.idleSeconds()).isEqualTo(40 * 60L);
        });
    }

    @Test
    void anUnknownServerIsRecordedAsAFailedSweepAndNothingElse() {
        Sweeper.Result result = sweeper.sweep(ServerName.of("ms99"), null);

        assertThat(result.error()).startsWith("ms99: no such server in the scenario");
        assertThat(history.store().query(HistoryFilter.ALL)).isEmpty();
        assertThat(history.store().countSweeps()).isEqualTo(1);
    }

    @Test
    void whatIfRecordsButChangesNothing() {
        var p = config.policy();
        var whatIf = p.withWhatIf(true);
        sweeper = new Sweeper(host, new PolicyEngine(rules, whatIf), new ActionRunner(host, history.store(), clock),
                history.store(), clock);

        sweeper.sweep(MS01, null);

        assertThat(history.store().query(HistoryFilter.ALL)).hasSize(2).allSatisfy(r -> {
            assertThat(r.whatIf()).isTrue();
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        });
        assertThat(host.messages()).isEmpty();
        assertThat(host.list(MS01)).extracting(s -> s.id()).contains(3);
    }
}
