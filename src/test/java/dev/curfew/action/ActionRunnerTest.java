package dev.curfew.action;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The runner enforces protection whatever a rule says, and records what it does. */
class ActionRunnerTest {
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final ServerName MS01 = ServerName.of("ms01");

    final MutableClock clock = new MutableClock(NOW);
    final MemoryHistory history = new MemoryHistory();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));

    final SessionHost host = new SessionHost() {
        @Override public String kind() { return "test"; }
        @Override public List<ServerName> defaultServers() { return List.of(MS01); }
        @Override public List<Session> list(ServerName server) { return List.of(); }
        @Override public void warn(ServerName s, int id, String title, String text) { calls.add("warn " + id); }
        @Override public void disconnect(ServerName s, int id) { calls.add("disconnect " + id); }
        @Override public void logoff(ServerName s, int id) { calls.add("logoff " + id); }
    };

    @BeforeEach
    void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(ActionRunner.class)).addAppender(logged);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(ActionRunner.class)).detachAppender(logged);
        history.close();
    }

    Session session(int id, SessionState state, boolean console, boolean self) {
        return Protection.flag(Session.builder(MS01, id, state).user(id == 0 || state == SessionState.LISTEN ? "" : "u" + id)
                .console(console).self(self).observedAt(NOW).build(), policy);
    }

    @Test
    void decisionsForProtectedSessionsAreDroppedLoggedOnceAndNotRecorded() {
        List<Decision> decisions = List.of(
                new Decision(session(0, SessionState.DISCONNECTED, false, false), ActionType.LOGOFF, "custom", "", NOW),
                new Decision(session(65536, SessionState.LISTEN, false, false), ActionType.DISCONNECT, "custom", "", NOW),
                new Decision(session(1, SessionState.ACTIVE, true, false), ActionType.DISCONNECT, "custom", "", NOW),
                new Decision(session(7, SessionState.ACTIVE, false, true), ActionType.LOGOFF, "custom", "", NOW),
                new Decision(session(3, SessionState.ACTIVE, false, false), ActionType.DISCONNECT, "custom", "", NOW));
        ActionRunner runner = new ActionRunner(host, history.store(), clock);

        List<ActionResult> results = runner.run(decisions, Source.POLICY, policy);
        runner.run(decisions, Source.POLICY, policy);

        assertThat(results).extracting(ActionResult::outcome).containsExactly(Outcome.SKIPPED, Outcome.SKIPPED,
                Outcome.SKIPPED, Outcome.SKIPPED, Outcome.DONE);
        assertThat(calls).containsExactly("disconnect 3", "disconnect 3");
        assertThat(history.store().query(HistoryFilter.ALL)).extracting(e -> e.sessionId()).containsExactly(3, 3);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.contains("dropped"))
                .containsExactly(
                        "ms01#0: logoff by \"custom\" dropped: services session is protected",
                        "ms01#65536: disconnect by \"custom\" dropped: listener is protected",
                        "ms01#1 (u1): disconnect by \"custom\" dropped: console session is protected",
                        "ms01#7 (u7): logoff by \"custom\" dropped: curfew's own session is protected");
    }

    @Test
    void theConsoleMayBeActedOnWhenThePolicyAllowsIt() {
        Policy open = new Policy(policy.zone(), policy.idle(), policy.disconnected(), policy.session(), policy.closing(),
                Policy.Exempt.defaults(), new Policy.Protect(false), false, new Policy.Message("t", "x"), java.util.List.of(), null);
        Session console = Protection.flag(Session.builder(MS01, 1, SessionState.ACTIVE).user("admin").console(true)
                .observedAt(NOW).build(), open);
        new ActionRunner(host, history.store(), clock)
                .run(List.of(new Decision(console, ActionType.DISCONNECT, "closing", "", NOW)), Source.CLOSING, open);
        assertThat(calls).containsExactly("disconnect 1");
    }
}
