package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.Sessions;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What reports must do on every supported database; run on H2 ({@link H2ReportTest}) and on a
 * real PostgreSQL ({@link PostgresReportTest}).
 */
abstract class ReportContract {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String INJECTION = "x' OR '1'='1";

    abstract HistoryStore store();

    ReportQuery reports() {
        return new ReportQuery(store().dataSource(), Clock.systemUTC());
    }

    long act(Instant at, String server, int id, String user, ActionType action, String rule, Outcome outcome,
            String error, Duration idle) {
        return Sessions.act(store(), at, server, id, user, action, rule, outcome, error, idle);
    }

    @Test
    void theReportSumsUpPerDayServerRuleAndUserWithFailuresAndComebacks() {
        // Days are Berlin's: 23:30 UTC on the 23rd is already the 24th there.
        act(T0, "ms01", 2, "alice", ActionType.WARN, "idle limit", Outcome.DONE, null, Duration.ofMinutes(28));
        act(T0.plusSeconds(120), "ms01", 2, "alice", ActionType.DISCONNECT, "idle limit", Outcome.DONE, null,
                Duration.ofMinutes(30));
        act(T0.plusSeconds(130), "ms01", 3, "bob", ActionType.LOGOFF, "disconnected limit", Outcome.FAILED,
                "no session 3", Duration.ZERO);
        act(Instant.parse("2026-11-23T23:30:00Z"), "ms02", 4, "alice", ActionType.DISCONNECT, "closing", Outcome.DONE,
                null, Duration.ofMinutes(3));
        store().recordIntent(new Intent(T0.plusSeconds(5), Sessions.active("ms02", 9, "whatif", T0, Duration.ZERO),
                ActionType.LOGOFF, "closing", "end of day", Source.CLOSING, true));
        // alice came back to ms01 four minutes after her disconnect; to ms02 only after 20 minutes.
        store().recordConnections(ServerName.of("ms01"), List.of(Sessions.connectedSince("ms01", 5, "ALICE",
                T0.plusSeconds(360), T0.plusSeconds(400))), T0.plusSeconds(400));
        store().recordConnections(ServerName.of("ms02"), List.of(Sessions.connectedSince("ms02", 4, "alice",
                Instant.parse("2026-11-23T23:50:00Z"), Instant.parse("2026-11-23T23:51:00Z"))),
                Instant.parse("2026-11-23T23:51:00Z"));

        Report r = reports().report(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), BERLIN,
                Duration.ofMinutes(10), 10, false);

        assertThat(r.total()).isEqualTo(4);
        assertThat(r.perDay()).containsExactly(new Report.Tally("2026-11-23", 1, 1, 1, 1),
                new Report.Tally("2026-11-24", 0, 1, 0, 0));
        assertThat(r.perDayAndRule()).isEqualTo(Map.of(LocalDate.parse("2026-11-23"),
                Map.of("idle limit", 2L, "disconnected limit", 1L), LocalDate.parse("2026-11-24"), Map.of("closing", 1L)));
        assertThat(r.perServer()).containsExactly(new Report.Tally("ms01", 1, 1, 1, 1),
                new Report.Tally("ms02", 0, 1, 0, 0));
        assertThat(r.perRule()).containsExactly(new Report.Tally("idle limit", 1, 1, 0, 0),
                new Report.Tally("closing", 0, 1, 0, 0), new Report.Tally("disconnected limit", 0, 0, 1, 1));
        assertThat(r.topUsers()).containsExactly(new Report.Tally("alice", 1, 2, 0, 0), new Report.Tally("bob", 0, 0, 1, 1));
        assertThat(r.failures()).extracting(HistoryEntry::user, HistoryEntry::error).containsExactly(tuple("bob", "no session 3"));
        assertThat(r.idleSecondsAtDisconnect()).containsExactly(entry(180L, 1L), entry(1800L, 1L));
        assertThat(r.comebacks()).containsExactly(new Report.Comeback(T0.plusSeconds(120), "ms01", 2, "alice",
                ActionType.DISCONNECT, "idle limit", T0.plusSeconds(360), Duration.ofMinutes(4)));

        // Again, from the roll-ups the first one stored (users by number).
        assertThat(reports().report(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), BERLIN,
                Duration.ofMinutes(10), 10, false)).isEqualTo(r);

        Report whatIf = reports().report(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), BERLIN,
                Duration.ofMinutes(10), 1, true);
        assertThat(whatIf.topUsers()).extracting(Report.Tally::key).containsExactly("whatif");
    }

    @Test
    void reportUsersAreNumberedOnceFoundByNameAndNamedByNumber() {
        UserNames names = new UserNames(store().dataSource());
        assertThat(names.number(List.of("ann", "zoë", "ann"))).containsExactly(0, 1, 0);
        assertThat(new UserNames(store().dataSource()).number(List.of("zoë", INJECTION))).containsExactly(1, 2);
        assertThat(names.find(List.of("ann", INJECTION, "nobody"))).containsOnly(entry("ann", 0), entry(INJECTION, 2));
        assertThat(names.names(List.of(1, 2, 7))).containsOnly(entry(1, "zoë"), entry(2, INJECTION));
    }
}
