package dev.curfew.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryException;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closings of many servers run at once, their rows committed together: each call still comes after its own row. */
class ActionRunnerConcurrentTest {
    static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");
    static final int SERVERS = 12;
    static final int SESSIONS = 25;

    final MutableClock clock = new MutableClock(T0);
    final MemoryHistory history = new MemoryHistory();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));
    final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        history.close();
    }

    /** A host that, at each call, reads from its own connection the outcome recorded for that session. */
    final class CheckingHost implements SessionHost {
        final List<String> calls = new ArrayList<>();
        final ConcurrentHashMap<String, String> rowAtCall = new ConcurrentHashMap<>();

        @Override public String kind() { return "fake"; }
        @Override public List<ServerName> defaultServers() { return List.of(); }
        @Override public List<Session> list(ServerName server) { return List.of(); }
        @Override public void warn(ServerName server, int id, String title, String text) { called(server, id); }
        @Override public void disconnect(ServerName server, int id) { called(server, id); }
        @Override public void logoff(ServerName server, int id) { called(server, id); }

        private void called(ServerName server, int id) {
            synchronized (calls) {
                calls.add(server + "#" + id);
            }
            rowAtCall.put(server + "#" + id, outcome(server, id));
        }
    }

    String outcome(ServerName server, int id) {
        try (Connection c = history.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT outcome FROM action WHERE server = ? AND session_id = ?")) {
            ps.setString(1, server.value());
            ps.setInt(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "no row";
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static List<Decision> closing(int server) {
        ServerName name = ServerName.of("ms" + server + ".school.local");
        return IntStream.rangeClosed(1, SESSIONS).mapToObj(id -> new Decision(Session.builder(name, id, SessionState.ACTIVE)
                .user("user" + id).domain("SCHOOL").station("RDP-Tcp#" + id).lastInput(T0.minusSeconds(60))
                .observedAt(T0).build(), ActionType.DISCONNECT, "closing", "end of day", T0)).toList();
    }

    List<Future<List<ActionResult>>> runAll(ActionRunner runner) {
        List<Future<List<ActionResult>>> runs = new ArrayList<>();
        for (int server = 0; server < SERVERS; server++) {
            List<Decision> decisions = closing(server);
            runs.add(pool.submit(() -> runner.run(decisions, Source.CLOSING, policy)));
        }
        return runs;
    }

    @Test
    void everyCallComesAfterItsOwnIntentIsCommittedAndEveryRowEndsDone() throws Exception {
        CheckingHost host = new CheckingHost();
        List<Future<List<ActionResult>>> runs = runAll(new ActionRunner(host, history.store(), clock));

        for (Future<List<ActionResult>> run : runs) {
            assertThat(run.get(60, TimeUnit.SECONDS)).hasSize(SESSIONS).extracting(ActionResult::outcome)
                    .containsOnly(Outcome.DONE);
        }
        assertThat(host.calls).hasSize(SERVERS * SESSIONS).doesNotHaveDuplicates();
        assertThat(host.rowAtCall.values()).hasSize(SERVERS * SESSIONS).containsOnly("pending");
        assertThat(history.store().query(HistoryFilter.ALL)).hasSize(SERVERS * SESSIONS)
                .extracting(HistoryEntry::outcome).containsOnly(Outcome.DONE);
    }

    @Test
    void whenTheIntentsCannotBeCommittedNoServerIsCalledAndEachRunSaysWhy() throws Exception {
        try (Connection c = history.store().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE action ADD CONSTRAINT history_full CHECK (session_id < 0)");
        }
        CheckingHost host = new CheckingHost();
        List<Future<List<ActionResult>>> runs = runAll(new ActionRunner(host, history.store(), clock));

        for (int server = 0; server < SERVERS; server++) {
            Future<List<ActionResult>> run = runs.get(server);
            assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(HistoryException.class)
                    .hasMessageStartingWith("cannot record " + SESSIONS + " actions (the first: disconnect of ms" + server
                            + ".school.local#1 (SCHOOL\\user1)): ");
        }
        assertThat(host.calls).isEmpty();
        assertThat(history.store().query(HistoryFilter.ALL)).isEmpty();
    }
}
