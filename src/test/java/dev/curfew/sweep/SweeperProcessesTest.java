package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.policy.TestRules;
import dev.curfew.policy.Wildcard;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionProcess;
import dev.curfew.session.sim.Scenario;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** The sweeps list the processes once per sweep and server, and only when the policy or a rule needs them. */
class SweeperProcessesTest {
    private static final ServerName MS01 = ServerName.of("ms01");
    private static final Scenario DAY = ScenarioReader.read(Path.of("src/test/resources/busy/busy-day.yaml"));

    private final MutableClock clock = new MutableClock(DAY.start().plus(Duration.ofMinutes(20)));
    private final MemoryHistory history = new MemoryHistory();
    private final AtomicInteger listings = new AtomicInteger();

    @AfterEach
    void close() {
        history.close();
    }

    /** The simulated server, counting the listings of its processes. */
    private SessionHost host() {
        SimulatedSessionHost sim = new SimulatedSessionHost(DAY, clock);
        return new SessionHost() {
            @Override public String kind() { return "sim"; }
            @Override public List<ServerName> defaultServers() { return sim.defaultServers(); }
            @Override public List<Session> list(ServerName server) { return sim.list(server); }
            @Override public List<SessionProcess> processes(ServerName server) {
                listings.incrementAndGet();
                return sim.processes(server);
            }
            @Override public void warn(ServerName server, int id, String title, String text) { sim.warn(server, id, title, text); }
            @Override public void disconnect(ServerName server, int id) { sim.disconnect(server, id); }
            @Override public void logoff(ServerName server, int id) { sim.logoff(server, id); }
        };
    }

    private Sweeper sweeper(RuleSet rules, Policy policy) {
        SessionHost host = host();
        return new Sweeper(host, new PolicyEngine(rules, policy), new ActionRunner(host, history.store(), clock),
                history.store(), clock);
    }

    @Test
    void theShippedRulesWithoutBusyKeysNeverListProcesses() {
        Sweeper sweeper = sweeper(TestRules.shipped(), Policy.defaults(ZoneId.of("Europe/Berlin")));

        sweeper.sweep(MS01, null);
        sweeper.check(MS01, Set.of(2, 3));

        assertThat(listings).hasValue(0);
    }

    @Test
    void busyProgramsListThemOncePerSweepAndNotForDueChecks() {
        Policy policy = Policy.defaults(ZoneId.of("Europe/Berlin")).withIdle(new Policy.Idle(Duration.ofMinutes(30),
                Duration.ofMinutes(2), ActionType.DISCONNECT, List.of(Wildcard.of("Teams.exe")), null));
        Sweeper sweeper = sweeper(TestRules.shipped(), policy);

        sweeper.sweep(MS01, null);
        clock.advance(Duration.ofMinutes(1));
        sweeper.sweep(MS01, null);
        sweeper.check(MS01, Set.of(2, 3, 4, 5));

        assertThat(listings).hasValue(2);
    }

    @Test
    void aRuleThatReadsProgramsAndCpuSecondsHasThemListedAndSeesThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("solver.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;

                rule "no solvers on the lab"
                when
                    $s : Session( runs("SOLVER*"), cpuSeconds > 30 )
                then
                    decisions.act($s, ActionType.LOGOFF, "no solvers on the lab", "cpu " + $s.cpuSeconds() + " s");
                end
                """);
        RuleSet rules = new RuleCompiler(KieServices.get()).compile(dir);
        assertThat(rules.readsProcesses()).isTrue();
        Sweeper sweeper = sweeper(rules, Policy.defaults(ZoneId.of("Europe/Berlin")));

        assertThat(sweeper.sweep(MS01, null).actions()).as("the first listing has no CPU time yet").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        List<ActionResult> second = sweeper.sweep(MS01, null).actions();

        assertThat(second).extracting(r -> r.decision().session().user(), r -> r.decision().reason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "cpu 40.0 s"));
        assertThat(second.get(0).decision().session().programs()).containsExactly("solver.exe");
        assertThat(listings).hasValue(2);
    }
}
