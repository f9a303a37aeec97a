package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.config.ConfigLoader;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.TestRules;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closing and its warning read each server with one {@link SessionHost#roster} call, which (as
 * with WTS) has no times and no client address, and decide as a sweep over the full listing does.
 */
class ClosingRosterTest {
    static final ServerName MS01 = ServerName.of("ms01");
    static final ServerName MS02 = ServerName.of("ms02");
    /** 18:00 in Berlin on Monday 2026-11-23. */
    static final Instant SIX = Instant.parse("2026-11-23T17:00:00Z");
    static final String SCENARIO = """
            zone: Europe/Berlin
            start: 2026-11-23T17:30:00
            end: 2026-11-23T18:10:00
            servers:
              - name: ms01
                sessions:
                  - { id: 0, station: Services, state: Disconnected }
                  - { id: 65536, station: RDP-Tcp, state: Listen }
                  - { id: 1, user: admin, station: Console, console: true, logon: 2026-11-23T07:00:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
                  - { id: 2, user: alice, domain: SCHOOL, station: RDP-Tcp#4, client: PC-07, logon: 2026-11-23T17:00:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
                  - { id: 3, user: bob, station: RDP-Tcp#2, state: Disconnected, logon: 2026-11-23T16:00:00,
                      disconnected: 2026-11-23T17:00:00 }
                  - { id: 4, user: svc_backup, station: RDP-Tcp#1, logon: 2026-11-23T01:00:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
                  - { id: 5, user: curfew, station: RDP-Tcp#3, self: true, logon: 2026-11-23T07:00:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
                  - { id: 6, user: dave, station: RDP-Tcp#6, client: LAB-03, logon: 2026-11-23T12:00:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
              - name: ms02
                sessions:
                  - { id: 0, station: Services, state: Disconnected }
                  - { id: 2, user: frank, station: RDP-Tcp#3, client: PC-20, logon: 2026-11-23T16:40:00,
                      events: [ { at: 2026-11-23T17:30:00, do: busy, until: 2026-11-23T18:10:00 } ] }
                  - { id: 3, user: grace, station: RDP-Tcp#5, state: Disconnected, logon: 2026-11-22T08:00:00,
                      disconnected: 2026-11-22T20:00:00 }
            """;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aClosingReadsEachServerWithOneRosterCallAndDecidesAsTheFullListingDid() throws IOException {
        Policy policy = policy("");
        Daemon roster = daemon(policy, SIX, true);
        Daemon full = daemon(policy, SIX, false);

        List<String> withRoster = roster.close(Closing.now(SIX));

        assertThat(withRoster).containsExactly(
                "ms01#1 admin disconnect skipped (closing) protected: console session",
                "ms01#2 alice disconnect done (closing)",
                "ms01#5 curfew disconnect skipped (closing) protected: curfew's own session",
                "ms01#6 dave disconnect done (closing)",
                "ms02#2 frank disconnect done (closing)");
        assertThat(roster.host.calls()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "roster(ms01, false)", 1, "roster(ms02, false)", 1));
        assertThat(full.close(Closing.now(SIX))).filteredOn(d -> d.contains("(closing)"))
                .containsExactlyElementsOf(withRoster);
    }

    @Test
    void aLogoffClosingLogsOffTheDisconnectedSessionsOfTheRosterToo() throws IOException {
        Policy policy = policy("""
                  closing:
                    action: logoff
                  disconnected:
                    limit: off
                """);

        List<String> withRoster = daemon(policy, SIX, true).close(Closing.now(SIX));

        assertThat(withRoster).filteredOn(d -> d.contains(" done ")).containsExactly(
                "ms01#2 alice logoff done (closing)",
                "ms01#3 bob logoff done (closing)",
                "ms01#6 dave logoff done (closing)",
                "ms02#2 frank logoff done (closing)",
                "ms02#3 grace logoff done (closing)");
        assertThat(daemon(policy, SIX, false).close(Closing.now(SIX))).containsExactlyElementsOf(withRoster);
    }

    @Test
    void theClosingWarningIsSentFromTheRosterAsFromTheListing() throws IOException {
        Policy policy = policy("");
        Instant fiveBefore = SIX.minus(Duration.ofMinutes(5));
        Daemon roster = daemon(policy, fiveBefore, true);

        List<String> withRoster = roster.close(new Closing(SIX, Duration.ofMinutes(5)));

        assertThat(withRoster).filteredOn(d -> d.contains(" done ")).containsExactly(
                "ms01#2 alice warn done (closing)", "ms01#6 dave warn done (closing)", "ms02#2 frank warn done (closing)");
        assertThat(roster.sim.messages()).hasSize(3).allSatisfy(m -> assertThat(m).contains("(in 5 min)"));
        assertThat(roster.host.calls()).containsOnlyKeys("roster(ms01, false)", "roster(ms02, false)");
        assertThat(daemon(policy, fiveBefore, false).close(new Closing(SIX, Duration.ofMinutes(5))))
                .filteredOn(d -> d.contains("(closing)")).containsExactlyElementsOf(withRoster);
    }

    @Test
    void exemptClientNamesMakeTheRosterAskForClientNames() throws IOException {
        Policy policy = policy("""
                    clients: ["LAB-*"]
                """);
        Daemon roster = daemon(policy, SIX, true);

        List<String> withRoster = roster.close(Closing.now(SIX));

        assertThat(withRoster).filteredOn(d -> d.contains(" done ")).containsExactly(
                "ms01#2 alice disconnect done (closing)", "ms02#2 frank disconnect done (closing)");
        assertThat(roster.host.calls()).containsOnlyKeys("roster(ms01, true)", "roster(ms02, true)");
        assertThat(daemon(policy, SIX, false).close(Closing.now(SIX))).filteredOn(d -> d.contains("(closing)"))
                .containsExactlyElementsOf(withRoster);
    }

    @Test
    void whatTheRosterDoesNotKnowIsRecordedAsUnknownAndNoConnectionIsRecorded() throws IOException, SQLException {
        Daemon roster = daemon(policy(""), SIX, true);

        Sweeper.Result result = roster.sweeper.sweep(MS01, Closing.now(SIX));

        assertThat(result.due()).isEmpty();
        assertThat(roster.rows()).extracting(HistoryEntry::user, HistoryEntry::client, HistoryEntry::idleSeconds)
                .containsExactly(tuple("alice", "", null), tuple("dave", "", null));
        assertThat(roster.connectionsSeen()).isZero();

        roster.sweeper.sweep(MS01, null);

        assertThat(roster.connectionsSeen()).as("admin, svc_backup and curfew, seen by the plain sweep").isEqualTo(3);
    }

    @Test
    void limitsByTimeAreLeftToThePlainSweepAfterTheClosing() throws IOException {
        Daemon roster = daemon(policy(""), SIX, true);

        assertThat(roster.close(Closing.now(SIX))).noneMatch(d -> d.contains("grace"));
        assertThat(roster.sweeper.sweep(MS02, null).actions()).extracting(ResultLine::of)
                .containsExactly("ms02#3 grace logoff done (disconnected limit)");
    }

    @Test
    void plainSweepsAndDueChecksDoNotUseTheRoster() throws IOException {
        Daemon roster = daemon(policy(""), SIX, true);

        roster.sweeper.sweep(MS01, null);
        roster.sweeper.check(MS01, Set.of(2, 6));

        assertThat(roster.host.calls()).containsExactlyInAnyOrderEntriesOf(Map.of("list(ms01)", 1, "session(ms01)", 2));
    }

    /** The policy with svc_* exempt and {@code yaml} appended: indented by 2 under policy, by 4 under exempt. */
    private Policy policy(String yaml) throws IOException {
        Path config = Files.createTempDirectory(dir, "config");
        Files.writeString(config.resolve("curfew.yaml"), "policy:\n  zone: Europe/Berlin\n  exempt:\n    users: [\"svc_*\"]\n"
                + yaml);
        return ConfigLoader.load(config).policy();
    }

    /**
     * The demo servers behind a sweeper. With {@code roster}, through a host that counts its calls and
     * whose roster is what WTS gives; without, the simulated host whose roster is its full listing.
     */
    private Daemon daemon(Policy policy, Instant now, boolean roster) throws IOException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, SCENARIO);
        MutableClock clock = new MutableClock(now);
        SimulatedSessionHost sim = new SimulatedSessionHost(ScenarioReader.read(file), clock);
        CountingHost counting = new CountingHost(sim, clock);
        SessionHost host = roster ? counting : sim;
        MemoryHistory history = new MemoryHistory();
        open.add(history);
        Sweeper sweeper = new Sweeper(host, new PolicyEngine(TestRules.shipped(), policy),
                new ActionRunner(host, history.store(), clock), history.store(), clock);
        return new Daemon(sim, counting, history, sweeper);
    }

    private record Daemon(SimulatedSessionHost sim, CountingHost host, MemoryHistory history, Sweeper sweeper) {
        /** Both servers closed; every result as {@code ms01#2 alice disconnect done (closing)}. */
        List<String> close(Closing closing) {
            return Stream.of(MS01, MS02).flatMap(s -> sweeper.sweep(s, closing).actions().stream())
                    .map(ResultLine::of).toList();
        }

        List<HistoryEntry> rows() {
            return history.store().query(HistoryFilter.ALL);
        }

        long connectionsSeen() throws SQLException {
            try (Connection c = history.store().dataSource().getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM connection_seen")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static final class ResultLine {
        static String of(ActionResult r) {
            var d = r.decision();
            return d.session().server() + "#" + d.session().id() + " " + d.session().user() + " "
                    + d.action().label() + " " + r.outcome().label() + " (" + d.rule() + ")"
                    + (r.error() == null ? "" : " " + r.error());
        }
    }

    /** Counts each call by kind and server; its roster is what WTS's gives: no times, no client address. */
    private static final class CountingHost implements SessionHost {
        private final SimulatedSessionHost sim;
        private final Clock clock;
        private final Map<String, Integer> calls = new ConcurrentHashMap<>();

        CountingHost(SimulatedSessionHost sim, Clock clock) {
            this.sim = sim;
            this.clock = clock;
        }

        Map<String, Integer> calls() {
            return Map.copyOf(calls);
        }

        private void count(String call) {
            calls.merge(call, 1, Integer::sum);
        }

        @Override
        public String kind() {
            return "counting";
        }

        @Override
        public List<ServerName> defaultServers() {
            return sim.defaultServers();
        }

        @Override
        public List<Session> list(ServerName server) {
            count("list(" + server + ")");
            return sim.list(server);
        }

        @Override
        public List<Session> roster(ServerName server, boolean clientNames) {
            count("roster(" + server + ", " + clientNames + ")");
            Instant now = clock.instant();
            return sim.list(server).stream().map(s -> Session.builder(s.server(), s.id(), s.state())
                    .user(s.user()).domain(s.domain()).station(s.station()).console(s.console()).self(s.self())
                    .clientName(clientNames ? s.clientName() : "").observedAt(now).build()).toList();
        }

        @Override
        public Optional<Session> session(ServerName server, int id) {
            count("session(" + server + ")");
            return sim.session(server, id);
        }

        @Override
        public void warn(ServerName server, int sessionId, String title, String text) {
            sim.warn(server, sessionId, title, text);
        }

        @Override
        public void disconnect(ServerName server, int sessionId) {
            sim.disconnect(server, sessionId);
        }

        @Override
        public void logoff(ServerName server, int sessionId) {
            sim.logoff(server, sessionId);
        }
    }
}
