package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.Await;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionResult;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.PostgresExtension;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kie.api.KieServices;

/**
 * Two nodes on one PostgreSQL, one sweeping a server while the other runs that server's due check, on
 * a database held back by a lock on the action table: both decide the same actions and both wait to
 * record them; the once keys let one act and the other skip, so the server is called once. Each
 * repetition is a fresh database and a fresh server.
 */
class SlowDatabaseOverlapTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final ServerName MS01 = ServerName.of("ms01.school.local");
    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    static RuleSet rules;
    static CurfewConfig config;

    @BeforeAll
    static void compileShippedRules() {
        rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
        config = ConfigLoader.load(Path.of("config"));
    }

    @RepeatedTest(6)
    void aSweepAndADueCheckOfOneServerOnTwoNodesActOnceBehindALockedTable() throws Exception {
        MutableClock clock = new MutableClock(START);
        SimulatedSessionHost server = new SimulatedSessionHost(ScenarioReader.read(config.host().scenario())
                .startingAt(START), clock);
        PolicyEngine engine = new PolicyEngine(rules, config.policy());
        Sweeper a = node(server, engine, POSTGRES.store(), clock);
        Sweeper b = node(server, engine, POSTGRES.store("node2"), clock);

        CompletableFuture<Sweeper.Result> sweep;
        CompletableFuture<Sweeper.Result> dueCheck;
        try (Connection lock = POSTGRES.dataSource().getConnection(); Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE action IN EXCLUSIVE MODE");
            sweep = CompletableFuture.supplyAsync(() -> a.sweep(MS01, null));
            // alice (2) is due for her idle warning, bob (3) for his disconnected limit; the console (1) is idle.
            dueCheck = CompletableFuture.supplyAsync(() -> b.check(MS01, Set.of(1, 2, 3)));
            Await.until("both nodes waiting to record their intents", Duration.ofSeconds(30),
                    () -> POSTGRES.waitingOnTheActionTable() >= 2);
            lock.commit();
        }
        List<ActionResult> all = Stream.of(sweep.get(30, TimeUnit.SECONDS), dueCheck.get(30, TimeUnit.SECONDS))
                .flatMap(r -> r.actions().stream()).toList();
        // The console session is protected on both nodes: no key, no call.
        assertThat(all).filteredOn(r -> r.decision().session().id() == 1).hasSize(2)
                .allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(Outcome.DONE));
        List<ActionResult> results = all.stream().filter(r -> r.decision().session().id() != 1).toList();

        // Both nodes decided the same two actions: an overlap, not two nodes taking turns.
        assertThat(results).extracting(r -> r.decision().session().id() + " " + r.decision().action())
                .containsExactlyInAnyOrder("2 WARN", "2 WARN", "3 LOGOFF", "3 LOGOFF");
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.DONE)
                .extracting(r -> r.decision().session().id()).containsExactlyInAnyOrder(2, 3);
        assertThat(results).filteredOn(r -> r.outcome() != Outcome.DONE).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.error()).contains("recorded by another run or node");
        });
        // Zero duplicates in the history: one done row per session and action, whichever node wrote it.
        Map<String, Long> done = POSTGRES.store().query(HistoryFilter.ALL).stream()
                .filter(e -> e.outcome() == Outcome.DONE)
                .collect(Collectors.groupingBy(e -> e.sessionId() + " " + e.action(), Collectors.counting()));
        assertThat(done).containsOnly(Map.entry("2 WARN", 1L), Map.entry("3 LOGOFF", 1L));
        // The server was called once: bob is logged off, and a second logoff would have found no session.
        assertThat(server.session(MS01, 3)).isEmpty();
    }

    private static Sweeper node(SimulatedSessionHost server, PolicyEngine engine, HistoryStore history,
            MutableClock clock) {
        return new Sweeper(server, engine, new ActionRunner(server, history, clock), history, clock);
    }
}
