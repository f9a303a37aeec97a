package dev.curfew.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole closing's actions written as one batch of intents before the calls and one of outcomes after. */
class ActionRunnerBatchTest {
    static final ServerName MS01 = ServerName.of("ms01.school.local");
    static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final MemoryHistory history = new MemoryHistory();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));

    @AfterEach
    void close() {
        history.close();
    }

    /**
     * A host that, at each call, reads from its own connection how many intents are committed and
     * pending. The calls of one batch come from several threads at once.
     */
    final class CheckingHost implements SessionHost {
        final List<Long> pendingSeenAtCall = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> called = Collections.synchronizedList(new ArrayList<>());
        int failOn = -1;

        @Override public String kind() { return "fake"; }
        @Override public List<ServerName> defaultServers() { return List.of(MS01); }
        @Override public List<Session> list(ServerName server) { return List.of(); }
        @Override public void warn(ServerName server, int id, String title, String text) { called(server, id); }
        @Override public void disconnect(ServerName server, int id) { called(server, id); }
        @Override public void logoff(ServerName server, int id) { called(server, id); }

        private void called(ServerName server, int id) {
            called.add(id);
            pendingSeenAtCall.add(pendingRows());
            if (id == failOn) {
                throw new SessionHostException(server, "session " + id + " refused (ERROR_ACCESS_DENIED, 5)");
            }
        }
    }

    long pendingRows() {
        try (Connection c = history.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM action WHERE outcome = 'pending'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static Session session(int id) {
        return Session.builder(MS01, id, SessionState.ACTIVE).user("user" + id).domain("SCHOOL")
                .station("RDP-Tcp#" + id).lastInput(T0.minusSeconds(60)).observedAt(T0).build();
    }

    static List<Decision> closing(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(id -> new Decision(session(id), ActionType.DISCONNECT, "closing", "end of day", T0)).toList();
    }

    @Test
    void everyIntentIsCommittedBeforeTheFirstCallAndEveryRowEndsComplete() {
        CheckingHost host = new CheckingHost();
        List<ActionResult> results = new ActionRunner(host, history.store(), clock).run(closing(50), Source.CLOSING, policy);

        assertThat(host.called).hasSize(50);
        assertThat(host.pendingSeenAtCall).containsOnly(50L);
        assertThat(results).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        List<HistoryEntry> rows = history.store().query(HistoryFilter.ALL);
        assertThat(rows).hasSize(50).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.DONE);
            assertThat(r.finishedAt()).isNotNull();
            assertThat(r.source()).isEqualTo(Source.CLOSING);
        });
        assertThat(rows).extracting(HistoryEntry::sessionId).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
        assertThat(results).extracting(ActionResult::historyId).containsExactlyElementsOf(rows.stream().map(HistoryEntry::id).toList());
    }

    @Test
    void aFailedCallIsRecordedAsFailedAndTheOthersStillRun() {
        CheckingHost host = new CheckingHost();
        host.failOn = 3;
        List<ActionResult> results = new ActionRunner(host, history.store(), clock).run(closing(5), Source.CLOSING, policy);

        assertThat(results).extracting(ActionResult::outcome)
                .containsExactly(Outcome.DONE, Outcome.DONE, Outcome.FAILED, Outcome.DONE, Outcome.DONE);
        HistoryEntry failed = history.store().query(HistoryFilter.ALL).get(2);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error()).isEqualTo("ms01.school.local: session 3 refused (ERROR_ACCESS_DENIED, 5)");
        assertThat(pendingRows()).isZero();
    }

    @Test
    void protectedSessionsAndRepeatedWarningsGetNoRowInABatch() {
        CheckingHost host = new CheckingHost();
        ActionRunner runner = new ActionRunner(host, history.store(), clock);
        Session services = Session.builder(MS01, 0, SessionState.DISCONNECTED).observedAt(T0).build()
                .withFlags("services session", false);
        Decision warn = new Decision(session(7), ActionType.WARN, "idle limit", "idle 28m", T0.plusSeconds(120),
                ActionType.DISCONNECT);
        List<Decision> decisions = List.of(new Decision(services, ActionType.LOGOFF, "closing", "end of day", T0), warn,
                new Decision(session(8), ActionType.DISCONNECT, "idle limit", "idle 30m", T0));

        List<ActionResult> first = runner.run(decisions, Source.POLICY, policy);
        List<ActionResult> second = runner.run(decisions, Source.POLICY, policy);

        assertThat(first).extracting(ActionResult::outcome).containsExactly(Outcome.SKIPPED, Outcome.DONE, Outcome.DONE);
        assertThat(second).extracting(ActionResult::error).containsExactly("protected: services session", "already warned", null);
        assertThat(host.called).containsExactlyInAnyOrder(7, 8, 8);
        assertThat(history.store().query(HistoryFilter.ALL)).hasSize(3);
    }

    @Test
    void whatIfRecordsTheWholeBatchAsSkippedAndCallsNothing() {
        CheckingHost host = new CheckingHost();
        Policy whatIf = policy.withWhatIf(true);

        new ActionRunner(host, history.store(), clock).run(closing(4), Source.CLOSING, whatIf);

        assertThat(host.called).isEmpty();
        assertThat(history.store().query(HistoryFilter.ALL)).hasSize(4)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED))
                .allSatisfy(r -> assertThat(r.error()).isEqualTo("what-if"));
    }
}
