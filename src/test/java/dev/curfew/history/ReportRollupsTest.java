package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reports from roll-ups equal reports summed from the actions, also after the actions changed. */
class ReportRollupsTest {
    private static final String[] RULES = {"idle limit", "disconnected limit", "closing"};
    private static final String[] ACTIONS = {"warn", "disconnect", "logoff"};
    private static final String[] OUTCOMES = {"done", "done", "done", "done", "failed", "unknown"};
    // Six days around Berlin's autumn clock change (2026-10-25, a day of 25 hours).
    private static final Instant FIRST = Instant.parse("2026-10-23T03:10:00Z");
    private static final Instant LAST = Instant.parse("2026-10-28T21:40:00Z");
    private static final Instant NOW = LAST.plus(Duration.ofMinutes(20));
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @RegisterExtension
    final H2Extension h2 = new H2Extension();
    private final MutableClock clock = new MutableClock(NOW);
    private long nextId = 1;

    @BeforeEach
    void history() throws SQLException {
        SplittableRandom r = new SplittableRandom(7);
        for (Instant at = FIRST; at.isBefore(LAST); at = at.plusSeconds(60 + r.nextInt(900))) {
            boolean whatIf = r.nextInt(10) == 0;
            String user = r.nextInt(20) == 0 ? "" : (r.nextBoolean() ? "U" : "u") + r.nextInt(12);
            String server = "ms0" + r.nextInt(4);
            insert(at, server, user, ACTIONS[r.nextInt(3)], RULES[r.nextInt(3)], OUTCOMES[r.nextInt(6)], whatIf,
                    r.nextInt(4) == 0 ? null : (long) 60 * (25 + r.nextInt(20)));
            if (r.nextInt(3) == 0 && !user.isEmpty()) {
                seen(server, user, at.plusSeconds(30 + r.nextInt(900)));
            }
        }
    }

    @Test
    void reportsFromRollupsEqualReportsFromTheActionsInEveryZoneAndPeriod() {
        for (String zone : new String[] {"Europe/Berlin", "Asia/Kolkata", "UTC"}) {
            ZoneId z = ZoneId.of(zone);
            assertSame(FIRST.minus(Duration.ofDays(1)), NOW, z);
            assertSame(Instant.parse("2026-10-24T13:17:05Z"), Instant.parse("2026-10-27T07:03:00Z"), z);
            assertSame(Instant.parse("2026-10-24T13:17:05Z"), Instant.parse("2026-10-24T15:00:00Z"), z);
        }
        assertThat(count("SELECT COUNT(*) FROM report_rollup WHERE end_at - start_at = INTERVAL '25' HOUR")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM report_rollup WHERE end_at - start_at = INTERVAL '1' HOUR")).isPositive();
        // Nothing open was stored: the last hour before now, plus the come-back window and the grace.
        assertThat(count("SELECT COUNT(*) FROM report_rollup WHERE end_at > TIMESTAMP WITH TIME ZONE '"
                + NOW.minus(WINDOW).minus(RollupPlan.GRACE) + "'")).isZero();
    }

    @Test
    void aPurgeForgetsTheRollupsOfWhatItDeleted() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertSame(FIRST, NOW, berlin);
        h2.store().purge(Instant.parse("2026-10-26T12:00:00Z"), NOW);
        assertSame(FIRST, NOW, berlin);
        assertThat(count("SELECT COUNT(*) FROM action WHERE at < TIMESTAMP WITH TIME ZONE '2026-10-26 12:00:00Z'")).isZero();
    }

    @Test
    void aDayWithAPendingActionIsSummedAgainOnceItsOutcomeIsIn() throws SQLException {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long late = insert(Instant.parse("2026-10-27T10:00:00Z"), "ms01", "late", "disconnect", "idle limit", "pending",
                false, 1900L);
        assertSame(FIRST, NOW, berlin);
        assertThat(count("SELECT COUNT(*) FROM report_rollup WHERE start_at <= TIMESTAMP WITH TIME ZONE"
                + " '2026-10-27 10:00:00Z' AND end_at > TIMESTAMP WITH TIME ZONE '2026-10-27 10:00:00Z'")).isZero();
        h2.store().recordOutcome(late, Outcome.DONE, null, NOW);
        assertSame(FIRST, NOW, berlin);
        // Now the day and its hour are stored, for the real actions and the what-if ones.
        assertThat(count("SELECT COUNT(*) FROM report_rollup WHERE start_at <= TIMESTAMP WITH TIME ZONE"
                + " '2026-10-27 10:00:00Z' AND end_at > TIMESTAMP WITH TIME ZONE '2026-10-27 10:00:00Z'")).isEqualTo(4);
    }

    @Test
    void rowsAbandonedInsideAStoredRollupMakeItSummedAgain() throws SQLException {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertSame(FIRST, NOW, kolkata);
        // Written after the day's roll-up was made (a node clock far behind), then abandoned by a crash.
        insert(Instant.parse("2026-10-27T10:00:00Z"), "ms01", "late", "logoff", "closing", "pending", false, null);
        assertThat(h2.store().markAbandoned(NOW)).isEqualTo(1);
        assertSame(FIRST, NOW, kolkata);
        assertThat(report(FIRST, NOW, kolkata, WINDOW, true).perServer()).isEqualTo(
                report(FIRST, NOW, kolkata, WINDOW, false).perServer());
    }

    @Test
    void aDifferentComebackWindowSumsTheComebacksAgain() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertSame(FIRST, NOW, berlin);
        Report wide = report(FIRST, NOW, berlin, Duration.ofMinutes(15), true);
        assertThat(wide).isEqualTo(report(FIRST, NOW, berlin, Duration.ofMinutes(15), false));
        assertThat(wide.comebacks().size()).isGreaterThan(report(FIRST, NOW, berlin, WINDOW, true).comebacks().size());
    }

    @Test
    void aReportStartsTheNextDayAsTimeGoesOn() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertSame(FIRST, NOW.minus(Duration.ofDays(2)), berlin);
        clock.advance(Duration.ofDays(1));
        assertSame(FIRST, NOW, berlin);
    }

    private void assertSame(Instant since, Instant until, ZoneId zone) {
        for (boolean whatIf : new boolean[] {false, true}) {
            Report expected = ReportQuery.withoutRollups(h2.store().dataSource())
                    .report(since, until, zone, WINDOW, 5, whatIf);
            assertThat(expected.total()).isPositive();
            // Twice: the first report makes the roll-ups, the second reads them.
            assertThat(report(since, until, zone, WINDOW, true, whatIf)).as("%s %s to %s, what-if %s", zone, since,
                    until, whatIf).isEqualTo(expected);
            assertThat(report(since, until, zone, WINDOW, true, whatIf)).isEqualTo(expected);
        }
    }

    private Report report(Instant since, Instant until, ZoneId zone, Duration window, boolean rollups) {
        return report(since, until, zone, window, rollups, false);
    }

    private Report report(Instant since, Instant until, ZoneId zone, Duration window, boolean rollups, boolean whatIf) {
        ReportQuery q = rollups ? new ReportQuery(h2.store().dataSource(), clock)
                : ReportQuery.withoutRollups(h2.store().dataSource());
        return q.report(since, until, zone, window, 5, whatIf);
    }

    private long insert(Instant at, String server, String user, String action, String rule, String outcome,
            boolean whatIf, Long idle) throws SQLException {
        long id = nextId++;
        execute("INSERT INTO action (id, at, server, session_id, user_name, domain, client, station, action, rule,"
                + " reason, source, what_if, idle_seconds, outcome, node) VALUES (?,?,?,?,?,'D','PC','RDP',?,?,'why',"
                + "'policy',?,?,?,'node1')", id, at.atOffset(ZoneOffset.UTC), server, (int) (id % 7), user, action,
                rule, whatIf, idle, outcome);
        return id;
    }

    private void seen(String server, String user, Instant connectedAt) throws SQLException {
        execute("MERGE INTO connection_seen (server, session_id, user_name, domain, client, connected_at, first_seen,"
                + " node) KEY (server, session_id, user_name, connected_at) VALUES (?,1,?,'D','PC',?,?,'node1')", server,
                user, connectedAt.atOffset(ZoneOffset.UTC), connectedAt.atOffset(ZoneOffset.UTC));
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = h2.store().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long count(String sql) {
        return new Jdbc(h2.store().dataSource()).query("count", sql, java.util.List.of(), rs -> rs.getLong(1)).get(0);
    }
}
