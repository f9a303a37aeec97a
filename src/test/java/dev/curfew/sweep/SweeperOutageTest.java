package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/** A server that stops answering: retried with backoff, its outage recorded once, its due times planned. */
class SweeperOutageTest {
    static RuleSet rules;
    static final ServerName MS01 = ServerName.of("ms01");
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final MemoryHistory history = new MemoryHistory();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();

    final SessionHost host = new SessionHost() {
        @Override public String kind() { return "test"; }
        @Override public List<ServerName> defaultServers() { return List.of(MS01); }
        @Override public List<Session> list(ServerName server) {
            calls.incrementAndGet();
            if (down.get()) {
                throw new SessionHostException(server, "WTSOpenServerExW failed: the RPC server is unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)");
            }
            return List.of(Session.builder(server, 2, SessionState.ACTIVE).user("alice")
                    .lastInput(T0.minusSeconds(60)).observedAt(clock.instant()).build());
        }
        @Override public void warn(ServerName s, int id, String title, String text) { }
        @Override public void disconnect(ServerName s, int id) { }
        @Override public void logoff(ServerName s, int id) { }
    };

    @BeforeAll
    static void compile() {
        rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
    }

    @AfterEach
    void close() {
        history.close();
    }

    Sweeper sweeper() {
        return new Sweeper(host, new PolicyEngine(rules, Policy.defaults(ZoneId.of("UTC"))),
                new ActionRunner(host, history.store(), clock), history.store(), clock);
    }

    @Test
    void anOutageIsRecordedOnceAndRetriedWithBackoff() {
        Sweeper sweeper = sweeper();
        down.set(true);
        assertThat(sweeper.sweep(MS01, null).error()).isEqualTo(
                "ms01: WTSOpenServerExW failed: the RPC server is unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)");
        assertThat(sweeper.sweep(MS01, null).error()).startsWith("backing off after 1 failures: ");
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(30));
        sweeper.sweep(MS01, null);
        assertThat(calls).hasValue(2);
        clock.advance(Duration.ofSeconds(59));
        sweeper.sweep(MS01, null);
        assertThat(calls).as("second retry waits 60 s").hasValue(2);
        clock.advance(Duration.ofSeconds(1));
        down.set(false);
        Sweeper.Result back = sweeper.sweep(MS01, null);
        assertThat(back.error()).isNull();
        assertThat(calls).hasValue(3);
        assertThat(history.store().countSweeps()).as("one failure row for the outage, one for the good sweep").isEqualTo(2);
        assertThat(sweeper.sweep(MS01, null).error()).isNull();
    }

    @Test
    void theInstantsTheRulesActNextAreReportedAsDueChecks() {
        Sweeper sweeper = sweeper();
        Instant lastInput = T0.minusSeconds(60);
        assertThat(sweeper.sweep(MS01, null).due()).as("below the warning: the rule's dueAt")
                .containsExactly(new Sweeper.DueCheck(2, lastInput.plus(Duration.ofMinutes(28)), "idle limit"));
        clock.advance(Duration.ofMinutes(27));
        assertThat(sweeper.check(MS01, java.util.Set.of(2)).due()).as("the warning: its due instant")
                .containsExactly(new Sweeper.DueCheck(2, lastInput.plus(Duration.ofMinutes(30)), "idle limit"));
    }

    @Test
    void aDueCheckReReadsTheSessionAndActsOnlyIfStillDue() {
        Sweeper sweeper = sweeper();
        clock.advance(Duration.ofMinutes(26).plusSeconds(59));
        assertThat(sweeper.check(MS01, java.util.Set.of(2)).actions()).as("28m idle not reached yet").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sweeper.check(MS01, java.util.Set.of(2)).actions()).singleElement()
                .satisfies(a -> assertThat(a.decision().action()).isEqualTo(dev.curfew.policy.ActionType.WARN));
        assertThat(sweeper.check(MS01, java.util.Set.of(9)).actions()).as("a session that is gone").isEmpty();
    }

    @Test
    void aDueCheckOfSeveralSessionsQueriesEachInsteadOfListingTheServer() {
        List<Integer> queried = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionHost perSession = new SessionHost() {
            @Override public String kind() { return "test"; }
            @Override public List<ServerName> defaultServers() { return List.of(MS01); }
            @Override public List<Session> list(ServerName server) {
                throw new AssertionError("a due check must not list the server");
            }
            @Override public java.util.Optional<Session> session(ServerName server, int id) {
                queried.add(id);
                return id == 9 ? java.util.Optional.empty() : java.util.Optional.of(Session.builder(server, id,
                        SessionState.ACTIVE).user("u" + id).lastInput(T0.minus(Duration.ofMinutes(31)))
                        .observedAt(clock.instant()).build());
            }
            @Override public void warn(ServerName s, int id, String title, String text) { }
            @Override public void disconnect(ServerName s, int id) { }
            @Override public void logoff(ServerName s, int id) { }
        };
        Sweeper sweeper = new Sweeper(perSession, new PolicyEngine(rules, Policy.defaults(ZoneId.of("UTC"))),
                new ActionRunner(perSession, history.store(), clock), history.store(), clock);

        Sweeper.Result r = sweeper.check(MS01, java.util.Set.of(2, 3, 9));

        assertThat(queried).containsExactlyInAnyOrder(2, 3, 9);
        assertThat(r.actions()).extracting(a -> a.decision().session().id() + " " + a.decision().action())
                .containsExactlyInAnyOrder("2 DISCONNECT", "3 DISCONNECT");
    }
}
