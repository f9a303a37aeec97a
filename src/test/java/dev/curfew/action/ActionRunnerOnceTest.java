package dev.curfew.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each action is carried out once per key, whichever runner (node) decides it: the runners here
 * share one history database as the nodes of a cluster do.
 */
class ActionRunnerOnceTest {
    static final ServerName TS1 = ServerName.of("ts1.school.local");
    static final Instant T0 = Instant.parse("2026-11-30T16:00:00Z");
    static final Instant LOGON = T0.minus(Duration.ofHours(2));

    final MutableClock clock = new MutableClock(T0);
    final MemoryHistory history = new MemoryHistory();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));
    final CallingHost host = new CallingHost();

    @AfterEach
    void close() {
        history.close();
    }

    static final class CallingHost implements SessionHost {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        boolean down;

        @Override public String kind() { return "fake"; }
        @Override public List<ServerName> defaultServers() { return List.of(TS1); }
        @Override public List<Session> list(ServerName server) { return List.of(); }
        @Override public void warn(ServerName server, int id, String title, String text) { call("warn", server, id); }
        @Override public void disconnect(ServerName server, int id) { call("disconnect", server, id); }
        @Override public void logoff(ServerName server, int id) { call("logoff", server, id); }

        private void call(String action, ServerName server, int id) {
            if (down) {
                throw new SessionHostException(server, "not reachable");
            }
            calls.add(action + " " + id);
        }
    }

    /** Another node: a runner of its own, with its own memory of warnings, on the same database. */
    ActionRunner node(String name) {
        return new ActionRunner(host, new HistoryStore(history.store().dataSource(), name), clock);
    }

    static Session session(int id, Instant logon, Instant connect) {
        return Session.builder(TS1, id, SessionState.ACTIVE).user("u" + id).domain("SCHOOL").station("RDP-Tcp#" + id)
                .logon(logon).connect(connect).lastInput(T0.minus(Duration.ofMinutes(31))).observedAt(T0).build();
    }

    static Decision disconnect(Session s) {
        return new Decision(s, ActionType.DISCONNECT, "idle limit", "idle 31m", T0);
    }

    @Test
    void aDisconnectDecidedOnTwoNodesIsCarriedOutByTheFirstOnly() {
        Session s = session(3, LOGON, LOGON);
        List<ActionResult> first = node("a").run(List.of(disconnect(s)), Source.POLICY, policy);
        clock.advance(Duration.ofMillis(1));
        List<ActionResult> second = node("b").run(List.of(new Decision(s, ActionType.DISCONNECT, "idle limit",
                "idle 31m", clock.instant())), Source.POLICY, policy);

        assertThat(first).extracting(ActionResult::outcome).containsExactly(Outcome.DONE);
        assertThat(second).extracting(ActionResult::outcome, ActionResult::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.SKIPPED,
                        "already disconnected (recorded by another run or node)"));
        assertThat(host.calls).containsExactly("disconnect 3");
        assertThat(history.store().query(HistoryFilter.ALL)).singleElement()
                .satisfies(e -> assertThat(e.node()).isEqualTo("a"));
    }

    @Test
    void aUserWhoReconnectsIsDisconnectedAgainAndANewLogonOfTheSameIdToo() {
        node("a").run(List.of(disconnect(session(3, LOGON, LOGON))), Source.POLICY, policy);
        node("b").run(List.of(disconnect(session(3, LOGON, T0.minusSeconds(60)))), Source.POLICY, policy);
        node("a").run(List.of(disconnect(session(3, T0.minusSeconds(30), T0.minusSeconds(30)))), Source.POLICY, policy);

        assertThat(host.calls).containsExactly("disconnect 3", "disconnect 3", "disconnect 3");
    }

    @Test
    void aWarningIsSentOncePerSessionRuleAndDueInstantAcrossNodes() {
        Session s = session(4, LOGON, LOGON);
        Decision warn = new Decision(s, ActionType.WARN, "idle limit", "idle 28m", T0.plusSeconds(120),
                ActionType.DISCONNECT);
        Decision later = new Decision(s, ActionType.WARN, "idle limit", "idle 28m", T0.plusSeconds(900),
                ActionType.DISCONNECT);
        node("a").run(List.of(warn), Source.POLICY, policy);
        List<ActionResult> again = node("b").run(List.of(warn), Source.POLICY, policy);
        node("c").run(List.of(later), Source.POLICY, policy);

        assertThat(again).extracting(ActionResult::outcome).containsExactly(Outcome.SKIPPED);
        assertThat(host.calls).containsExactly("warn 4", "warn 4");
    }

    @Test
    void aClosingWarnsOncePerLeadAndClosesOnceHoweverOftenItIsRun() {
        Instant at = T0.plusSeconds(600);
        // A closing's roster has no times: its keys need none.
        Session s = Session.builder(TS1, 5, SessionState.ACTIVE).user("u5").observedAt(T0).build();
        Decision warn = new Decision(s, ActionType.WARN, "closing", "end of day", at, ActionType.DISCONNECT);
        Decision close = new Decision(s, ActionType.DISCONNECT, "closing", "end of day", at);
        for (String node : List.of("a", "b")) {
            ActionRunner runner = node(node);
            runner.run(List.of(warn), Source.CLOSING, policy, new Closing(at, Duration.ofMinutes(5)));
            runner.run(List.of(warn), Source.CLOSING, policy, new Closing(at, Duration.ofMinutes(1)));
            runner.run(List.of(close), Source.CLOSING, policy, Closing.now(at));
        }
        node("a").run(List.of(close), Source.CLOSING, policy, Closing.now(at.plus(Duration.ofDays(1))));

        assertThat(host.calls).containsExactly("warn 5", "warn 5", "disconnect 5", "disconnect 5");
    }

    @Test
    void aFailedActionIsTriedAgainByTheNextRun() {
        Session s = session(6, LOGON, LOGON);
        host.down = true;
        List<ActionResult> failed = node("a").run(List.of(disconnect(s)), Source.POLICY, policy);
        host.down = false;
        List<ActionResult> retried = node("b").run(List.of(disconnect(s)), Source.POLICY, policy);

        assertThat(failed).extracting(ActionResult::outcome).containsExactly(Outcome.FAILED);
        assertThat(retried).extracting(ActionResult::outcome).containsExactly(Outcome.DONE);
        assertThat(history.store().query(HistoryFilter.ALL)).extracting(HistoryEntry::outcome)
                .containsExactly(Outcome.FAILED, Outcome.DONE);
    }

    @Test
    void aCommandActsOncePerRequestSoARetriedRequestDoesNotActTwice() {
        Session s = session(7, LOGON, LOGON);
        ActionRunner runner = node("cli");
        ActionResult first = runner.runCommand(s, ActionType.LOGOFF, "by admin", null, null, false, "req-1");
        ActionResult retried = runner.runCommand(s, ActionType.LOGOFF, "by admin", null, null, false, "req-1");
        runner.runCommand(s, ActionType.LOGOFF, "by admin", null, null, false);
        runner.runCommand(s, ActionType.LOGOFF, "by admin", null, null, false);

        assertThat(first.outcome()).isEqualTo(Outcome.DONE);
        assertThat(retried.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(host.calls).containsExactly("logoff 7", "logoff 7", "logoff 7");
    }

    @Test
    void whatIfActionsHaveNoKeyAndHoldNoneBack() {
        Session s = session(8, LOGON, LOGON);
        node("a").run(List.of(disconnect(s)), Source.POLICY, policy.withWhatIf(true));
        node("a").run(List.of(disconnect(s)), Source.POLICY, policy.withWhatIf(true));
        node("b").run(List.of(disconnect(s)), Source.POLICY, policy);

        assertThat(host.calls).containsExactly("disconnect 8");
        assertThat(history.store().query(HistoryFilter.ALL)).extracting(HistoryEntry::outcome)
                .containsExactly(Outcome.SKIPPED, Outcome.SKIPPED, Outcome.DONE);
    }
}
