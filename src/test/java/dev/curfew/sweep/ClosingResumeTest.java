package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.TestRules;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closing whose node stopped in the middle (killed after recording its intents, during its calls)
 * is finished by a run that resumes it: the sessions it closed are not acted on again, those it
 * did not are closed.
 */
class ClosingResumeTest {
    static final ServerName MS01 = ServerName.of("ms01");
    static final Instant SIX = Instant.parse("2026-11-23T17:00:00Z");
    static final String SCENARIO = """
            zone: UTC
            start: 2026-11-23T16:30:00
            end: 2026-11-23T17:30:00
            servers:
              - name: ms01
                sessions:
            """ + session(2, "alice") + session(6, "dave") + session(7, "frank") + """
              - name: ms02
                sessions:
            """ + session(3, "grace");

    static String session(int id, String user) {
        return "      - { id: " + id + ", user: " + user + ", station: RDP-Tcp#" + id + ", logon: 2026-11-23T16:00:00,"
                + " events: [ { at: 2026-11-23T16:30:00, do: busy, until: 2026-11-23T17:30:00 } ] }\n";
    }

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(SIX);
    final MemoryHistory history = new MemoryHistory();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));
    SimulatedSessionHost sim;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void fleet() throws Exception {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, SCENARIO);
        sim = new SimulatedSessionHost(ScenarioReader.read(file), clock);
    }

    @AfterEach
    void close() {
        history.close();
    }

    /** A node: its sweeps on the shared servers and history; {@code diesAt} the session whose call kills it. */
    Sweeps node(String name, int diesAt) {
        SessionHost host = new SessionHost() {
            @Override public String kind() { return "sim"; }
            @Override public List<ServerName> defaultServers() { return sim.defaultServers(); }
            @Override public List<Session> list(ServerName server) { return sim.list(server); }
            @Override public void warn(ServerName server, int id, String title, String text) {
                call("warn", server, id);
                sim.warn(server, id, title, text);
            }
            @Override public void disconnect(ServerName server, int id) {
                call("disconnect", server, id);
                sim.disconnect(server, id);
            }
            @Override public void logoff(ServerName server, int id) {
                call("logoff", server, id);
                sim.logoff(server, id);
            }

            private void call(String action, ServerName server, int id) {
                if (id == diesAt) {
                    throw new Killed();
                }
                calls.add(action + " " + server + "#" + id);
            }
        };
        HistoryStore store = new HistoryStore(history.store().dataSource(), name);
        Sweeper sweeper = new Sweeper(host, new PolicyEngine(TestRules.shipped(), policy),
                new ActionRunner(host, store, clock, 1, 1), store, clock);
        return new Sweeps(sweeper, new NoTimetable(), () -> policy, clock);
    }

    /** The process ending in the middle of a call: nothing after it runs, no outcome is recorded. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1;
    }

    @Test
    void aResumedClosingClosesWhatTheKilledRunDidNotAndNothingTwice() {
        assertThatThrownBy(() -> node("a", 6).close(MS01, Closing.now(SIX), SIX)).isInstanceOf(Killed.class);
        assertThat(calls).as("the calls made: dave's killed the node").containsExactly("disconnect ms01#2",
                "disconnect ms01#7");

        assertThat(new HistoryStore(history.store().dataSource(), "a").closings().toResume(SIX, List.of("ms01",
                "ms02"))).as("what node a owes when it starts again").containsExactly("ms01", "ms02");
        assertThat(new HistoryStore(history.store().dataSource(), "c").closings().toResume(SIX, List.of("ms01",
                "ms02"))).as("what a node that began no closing owes").isEmpty();
        Sweeper.Result doubled = node("c", -1).close(MS01, Closing.now(SIX), SIX);
        assertThat(doubled.actions()).as("a second run, not resumed: the killed run's actions are in doubt")
                .extracting(ActionResult::outcome).containsOnly(Outcome.SKIPPED);

        Sweeper.Result resumed = node("b", -1).close(MS01, Closing.now(SIX), SIX, true);

        assertThat(resumed.actions()).extracting(a -> a.decision().session().id(), ActionResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6, Outcome.DONE));
        assertThat(calls).containsExactly("disconnect ms01#2", "disconnect ms01#7", "disconnect ms01#6");
        assertThat(history.store().query(HistoryFilter.ALL)).extracting(HistoryEntry::node, HistoryEntry::sessionId,
                HistoryEntry::outcome).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 2, Outcome.PENDING),
                        org.assertj.core.groups.Tuple.tuple("a", 6, Outcome.PENDING),
                        org.assertj.core.groups.Tuple.tuple("a", 7, Outcome.PENDING),
                        org.assertj.core.groups.Tuple.tuple("b", 6, Outcome.DONE));
        assertThat(new HistoryStore(history.store().dataSource(), "a").closings().toResume(SIX, List.of("ms01",
                "ms02"))).as("finished by node c and b").containsExactly("ms02");
    }

    @Test
    void aClosingWarningThatComesWhenItsClosingIsDueIsSkippedAndTheSkipRecorded() {
        clock.advance(Duration.ofSeconds(2));
        Closing fiveBefore = new Closing(SIX, Duration.ofMinutes(5));

        Sweeper.Result late = node("b", -1).close(MS01, fiveBefore, SIX.minus(Duration.ofMinutes(5)), true);

        assertThat(late.error()).isEqualTo("closing warning, 5 min before 2026-11-23T17:00:00Z: skipped, it came at"
                + " 2026-11-23T17:00:02Z, when the closing was due");
        assertThat(calls).isEmpty();
        assertThat(sweepErrors()).containsExactly(late.error());
    }

    @Test
    void aClosingWarningInTimeIsSentOnceHoweverOftenItIsFired() {
        clock.advance(Duration.ofMinutes(-4));
        Closing fiveBefore = new Closing(SIX, Duration.ofMinutes(5));
        node("a", -1).close(MS01, fiveBefore, SIX.minus(Duration.ofMinutes(5)));
        node("b", -1).close(MS01, fiveBefore, SIX.minus(Duration.ofMinutes(5)), true);

        assertThat(calls).containsExactly("warn ms01#2", "warn ms01#6", "warn ms01#7");
    }

    private List<String> sweepErrors() {
        return new dev.curfew.history.Jdbc(history.store().dataSource()).query("read sweeps",
                "SELECT error FROM sweep ORDER BY id", List.of(), rs -> rs.getString(1));
    }

    private static final class NoTimetable implements Timetable {
        @Override public Instant nextSweep(ServerName server) { return null; }
        @Override public Instant nextClosing(ServerName server) { return null; }
        @Override public void dueCheck(ServerName server, Instant at, Set<Integer> sessions) { }
        @Override public void closingWarnings(ServerName server, List<Closing> warnings) { }
    }
}
