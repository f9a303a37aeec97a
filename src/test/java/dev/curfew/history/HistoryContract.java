package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the history must do on every supported database; run on H2 ({@link H2HistoryTest}) and on a
 * real PostgreSQL ({@link PostgresHistoryTest}).
 */
abstract class HistoryContract {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String INJECTION = "x' OR '1'='1";

    abstract HistoryStore store();

    abstract HistoryStore store(String node);

    long act(Instant at, String server, int id, String user, ActionType action, String rule, Outcome outcome,
            String error, Duration idle) {
        return Sessions.act(store(), at, server, id, user, action, rule, outcome, error, idle);
    }

    @Test
    void anIntentIsCommittedAsPendingBeforeTheOutcome() {
        Session s = Sessions.active("ms01", 2, "alice", T0, Duration.ofMinutes(31));
        long id = store().recordIntent(new Intent(T0, s, ActionType.DISCONNECT, "idle limit", "idle 31m",
                Source.POLICY, false));

        assertThat(store("other").query(HistoryFilter.ALL)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.outcome()).isEqualTo(Outcome.PENDING);
            assertThat(e.finishedAt()).isNull();
            assertThat(e.idleSeconds()).isEqualTo(31 * 60L);
        });
        store().recordOutcome(id, Outcome.DONE, null, T0.plusMillis(5));
        assertThat(store().query(HistoryFilter.ALL)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DONE);
            assertThat(e.finishedAt()).isEqualTo(T0.plusMillis(5));
            assertThat(e).extracting(HistoryEntry::server, HistoryEntry::sessionId, HistoryEntry::user,
                    HistoryEntry::domain, HistoryEntry::client, HistoryEntry::station, HistoryEntry::rule,
                    HistoryEntry::source, HistoryEntry::node)
                    .containsExactly("ms01", 2, "alice", "SCHOOL", "PC-2", "RDP-Tcp#2", "idle limit", Source.POLICY,
                            "node1");
        });
    }

    @Test
    void aGroupOfIntentsAndOutcomesKeepsNullsAwkwardTextAndTimesToTheMicrosecond() {
        Instant at = Instant.parse("2026-03-29T00:59:59.123456Z");
        Instant due = Instant.parse("2026-03-29T01:00:00.000001Z");
        Session idle = Sessions.active("ms01", 2, "NULL", at, Duration.ofSeconds(1_234));
        Session disconnected = Session.builder(ServerName.of("ms01"), 3, SessionState.DISCONNECTED).user("zoë")
                .domain("SCHOOL").station("").clientName("").observedAt(at).build();
        String awkward = "idle \"20m\", {a,b} \\ it's \u00e9t\u00e9";
        long[] ids = store().recordIntents(List.of(
                new Intent(at, idle, ActionType.WARN, "idle limit", awkward, Source.POLICY, false, due),
                new Intent(at, disconnected, ActionType.LOGOFF, "disconnected limit", "8h", Source.POLICY, true)));
        store().recordOutcomes(List.of(new RecordedOutcome(ids[0], Outcome.FAILED, "NULL", due.plusNanos(2_000)),
                new RecordedOutcome(ids[1], Outcome.SKIPPED, null, due.plusSeconds(1))));

        assertThat(store().query(HistoryFilter.ALL)).extracting(HistoryEntry::id, HistoryEntry::at, HistoryEntry::user,
                HistoryEntry::station, HistoryEntry::reason, HistoryEntry::whatIf, HistoryEntry::idleSeconds,
                HistoryEntry::outcome, HistoryEntry::error, HistoryEntry::finishedAt).containsExactly(
                        tuple(ids[0], at, "NULL", "RDP-Tcp#2", awkward, false, 1_234L, Outcome.FAILED, "NULL",
                                Instant.parse("2026-03-29T01:00:00.000003Z")),
                        tuple(ids[1], at, "zoë", "", "8h", true, null, Outcome.SKIPPED, null, due.plusSeconds(1)));
        assertThat(new Jdbc(store().dataSource()).query("read due", "SELECT due_at FROM action ORDER BY id", List.of(),
                rs -> Optional.ofNullable(Jdbc.instant(rs, "due_at")))).containsExactly(Optional.of(due), Optional.empty());
    }

    @Test
    void pendingActionsOfThisNodeAreMarkedUnknownWithANoteAtStart() {
        Session s = Sessions.active("ms01", 2, "alice", T0, Duration.ofMinutes(31));
        store().recordIntent(new Intent(T0, s, ActionType.DISCONNECT, "closing", "end of day", Source.CLOSING, false));
        store("node2").recordIntent(new Intent(T0, s, ActionType.LOGOFF, "closing", "end of day", Source.CLOSING, false));

        assertThat(store().markAbandoned(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(store().query(HistoryFilter.ALL)).extracting(HistoryEntry::node, HistoryEntry::outcome,
                HistoryEntry::error).containsExactly(
                        tuple("node1", Outcome.UNKNOWN, "curfew stopped (crash, kill or power loss) after recording this"
                                + " action and before recording its outcome: the server may or may not have carried it out"),
                        tuple("node2", Outcome.PENDING, null));
    }

    @Test
    void historyFiltersByEveryOption() {
        act(T0, "ms01", 2, "alice", ActionType.WARN, "idle limit", Outcome.DONE, null, Duration.ofMinutes(28));
        act(T0.plusSeconds(120), "ms01", 2, "alice", ActionType.DISCONNECT, "idle limit", Outcome.DONE, null,
                Duration.ofMinutes(30));
        act(T0.plusSeconds(180), "MS02", 3, "Bob", ActionType.LOGOFF, "disconnected limit", Outcome.FAILED,
                "no session 3", Duration.ZERO);
        act(T0.plus(Duration.ofDays(1)), "ms02", 4, "carol", ActionType.DISCONNECT, "closing", Outcome.DONE, null,
                Duration.ofMinutes(3));

        assertThat(ids(new HistoryFilter(T0.plusSeconds(1), T0.plus(Duration.ofHours(1)), null, null, null, null, null, 0)))
                .containsExactly("ms01#2 disconnect", "MS02#3 logoff");
        assertThat(ids(new HistoryFilter(null, null, "ms02", null, null, null, null, 0)))
                .containsExactly("MS02#3 logoff", "ms02#4 disconnect");
        assertThat(ids(new HistoryFilter(null, null, null, "bob", null, null, null, 0))).containsExactly("MS02#3 logoff");
        assertThat(ids(new HistoryFilter(null, null, null, null, ActionType.DISCONNECT, null, null, 0)))
                .containsExactly("ms01#2 disconnect", "ms02#4 disconnect");
        assertThat(ids(new HistoryFilter(null, null, null, null, null, "Idle Limit", null, 0)))
                .containsExactly("ms01#2 warn", "ms01#2 disconnect");
        assertThat(ids(new HistoryFilter(null, null, null, null, null, null, Outcome.FAILED, 0)))
                .containsExactly("MS02#3 logoff");
        assertThat(ids(new HistoryFilter(null, null, null, null, null, null, null, 2)))
                .as("the newest two, oldest first").containsExactly("MS02#3 logoff", "ms02#4 disconnect");
    }

    @Test
    void filterValuesAreBoundSoAnInjectionMatchesNothingAndBreaksNothing() {
        act(T0, "ms01", 2, "alice", ActionType.DISCONNECT, "idle limit", Outcome.DONE, null, Duration.ofMinutes(30));

        assertThat(store().query(new HistoryFilter(null, null, INJECTION, null, null, null, null, 0))).isEmpty();
        assertThat(store().query(new HistoryFilter(null, null, null, INJECTION, null, null, null, 0))).isEmpty();
        assertThat(store().query(new HistoryFilter(null, null, null, null, null, INJECTION, null, 0))).isEmpty();
        assertThat(store().query(new HistoryFilter(null, null, null, null, null, "x'); DROP TABLE action; --", null, 0)))
                .isEmpty();
        assertThat(store().query(HistoryFilter.ALL)).hasSize(1);
    }

    @Test
    void aConnectionIsRecordedOnceHoweverManySweepsSeeIt() {
        ServerName ms01 = ServerName.of("ms01");
        Instant since = T0.minusSeconds(600);
        List<Session> seen = List.of(Sessions.connectedSince("ms01", 2, "alice", since, T0));
        store().recordConnections(ms01, seen, T0);
        store().recordConnections(ms01, seen, T0.plusSeconds(60));
        store("node1").recordConnections(ms01, seen, T0.plusSeconds(120));   // a restarted daemon
        store().recordConnections(ms01, List.of(Sessions.connectedSince("ms01", 2, "alice", T0.plusSeconds(150),
                T0.plusSeconds(180))), T0.plusSeconds(180));

        assertThat(new Jdbc(store().dataSource()).query("count", "SELECT connected_at, first_seen FROM connection_seen"
                + " ORDER BY connected_at", List.of(), rs -> List.of(Jdbc.instant(rs, "connected_at"),
                        Jdbc.instant(rs, "first_seen"))))
                .containsExactly(List.of(since, T0), List.of(T0.plusSeconds(150), T0.plusSeconds(180)));
    }

    @Test
    void thePurgeDeletesWhatIsOlderThanTheCutoffAndIsRecorded() {
        act(T0.minus(Duration.ofDays(500)), "ms01", 2, "alice", ActionType.DISCONNECT, "idle limit", Outcome.DONE,
                null, Duration.ofMinutes(30));
        act(T0, "ms01", 3, "bob", ActionType.DISCONNECT, "idle limit", Outcome.DONE, null, Duration.ofMinutes(30));
        store().recordSweep("ms01", T0.minus(Duration.ofDays(500)), 4, 12, null);
        store().recordSweep("ms01", T0, 4, 12, null);
        store().recordConnections(ServerName.of("ms01"), List.of(Sessions.connectedSince("ms01", 2, "alice",
                T0.minus(Duration.ofDays(500)), T0.minus(Duration.ofDays(500)))), T0.minus(Duration.ofDays(500)));
        store().recordReload(T0.minus(Duration.ofDays(500)), "rules", true, "4 files");
        store().recordDirectory(T0.minus(Duration.ofDays(500)), false, "81 (server down)");
        store().recordDirectory(T0, true, null);

        Purge p = store().purge(T0.minus(Duration.ofDays(400)), T0);

        assertThat(p).isEqualTo(new Purge(T0, T0.minus(Duration.ofDays(400)), 1, 1, 1, 1));
        assertThat(store().purges()).containsExactly(p);
        assertThat(store().query(HistoryFilter.ALL)).extracting(HistoryEntry::user).containsExactly("bob");
        assertThat(store().countSweeps()).isEqualTo(1);
        assertThat(store().directoryStatus()).containsExactly("up");
    }

    private List<String> ids(HistoryFilter f) {
        return store().query(f).stream().map(e -> e.server() + "#" + e.sessionId() + " " + e.action().label()).toList();
    }
}
