package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.MutableClock;
import dev.curfew.history.H2Extension;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.Jdbc;
import dev.curfew.history.Outcome;
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
    private final Actions actions = new Actions(h2);

    @BeforeEach
    void history() throws SQLException {
        SplittableRandom r = new SplittableRandom(7);
        for (Instant at = FIRST; at.isBefore(LAST); at = at.plusSeconds(60 + r.nextInt(900))) {
            boolean whatIf = r.nextInt(10) == 0;
            String user = r.nextInt(20) == 0 ? "" : (r.nextBoolean() ? "U" : "u") + r.nextInt(12);
            // Names that are not ASCII: roll-ups key users by their encoded bytes.
            user = user.endsWith("1") ? user + "-ZOË" : user.endsWith("2") ? user + "用户\u0000" : user;
            String server = "ms0" + r.nextInt(4);
            actions.insert(at, server, user, ACTIONS[r.nextInt(3)], RULES[r.nextInt(3)], OUTCOMES[r.nextInt(6)], whatIf,
                    r.nextInt(4) == 0 ? null : (long) 60 * (25 + r.nextInt(20)));
            if (r.nextInt(3) == 0 && !user.isEmpty()) {
                actions.seen(server, user, at.plusSeconds(30 + r.nextInt(900)));
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
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE end_at - start_at = INTERVAL '25' HOUR")).isPositive();
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE end_at - start_at = INTERVAL '1' HOUR")).isPositive();
        // Nothing open was stored: the last hour before now, plus the come-back window and the grace.
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE end_at > TIMESTAMP WITH TIME ZONE '"
                + NOW.minus(WINDOW).minus(RollupPlan.GRACE) + "'")).isZero();
    }

    @Test
    void aPurgeForgetsTheRollupsOfWhatItDeleted() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertSame(FIRST, NOW, berlin);
        h2.store().purge(Instant.parse("2026-10-26T12:00:00Z"), NOW);
        assertSame(FIRST, NOW, berlin);
        assertThat(actions.count("SELECT COUNT(*) FROM action WHERE at < TIMESTAMP WITH TIME ZONE '2026-10-26 12:00:00Z'")).isZero();
    }

    @Test
    void aDayWithAPendingActionIsSummedAgainOnceItsOutcomeIsIn() throws SQLException {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long late = actions.insert(Instant.parse("2026-10-27T10:00:00Z"), "ms01", "late", "disconnect", "idle limit", "pending",
                false, 1900L);
        assertSame(FIRST, NOW, berlin);
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE start_at <= TIMESTAMP WITH TIME ZONE"
                + " '2026-10-27 10:00:00Z' AND end_at > TIMESTAMP WITH TIME ZONE '2026-10-27 10:00:00Z'")).isZero();
        h2.store().recordOutcome(late, Outcome.DONE, null, NOW);
        assertSame(FIRST, NOW, berlin);
        // Now the day and its hour are stored, for the real actions and the what-if ones.
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE start_at <= TIMESTAMP WITH TIME ZONE"
                + " '2026-10-27 10:00:00Z' AND end_at > TIMESTAMP WITH TIME ZONE '2026-10-27 10:00:00Z'")).isEqualTo(4);
    }

    @Test
    void rowsAbandonedInsideAStoredRollupMakeItSummedAgain() throws SQLException {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertSame(FIRST, NOW, kolkata);
        // Written after the day's roll-up was made (a node clock far behind), then abandoned by a crash.
        actions.insert(Instant.parse("2026-10-27T10:00:00Z"), "ms01", "late", "logoff", "closing", "pending", false, null);
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
    void deletedRollupsAreSummedAgainAndStoredAgain() throws SQLException {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertSame(FIRST, NOW, berlin);
        long stored = actions.count("SELECT COUNT(*) FROM report_rollup");
        long tallies = actions.count("SELECT COUNT(*) FROM report_tally");
        // Derived data: deleting the roll-ups (their sums go with them) is always safe.
        actions.execute("DELETE FROM report_rollup WHERE MOD(id, 3) = 0");
        assertSame(FIRST, NOW, berlin);
        actions.execute("DELETE FROM report_rollup");
        assertThat(actions.count("SELECT COUNT(*) FROM report_tally")).isZero();
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup_users")).isZero();
        assertSame(FIRST, NOW, berlin);
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup")).isEqualTo(stored);
        assertThat(actions.count("SELECT COUNT(*) FROM report_tally")).isEqualTo(tallies);
    }

    @Test
    void storedUsersCutShortAreAnErrorNamingTheRollupNotAMisreadReport() throws SQLException {
        ZoneId utc = ZoneId.of("UTC");
        assertSame(FIRST, NOW, utc);
        actions.execute("UPDATE report_rollup_users SET data = X'0000000100' WHERE seq = 0 AND rollup_id ="
                + " (SELECT MIN(rollup_id) FROM report_rollup_users)");
        assertThatThrownBy(() -> report(FIRST, NOW, utc, WINDOW, true)).isInstanceOf(ReportException.class)
                .hasMessageContaining("5 bytes of users is not a whole number of 20-byte records")
                .hasMessageContaining("delete the roll-up to have it summed again");
    }

    @Test
    void failuresAreTheFirstTwoHundredOfBothOutcomesInTimeOrder() {
        for (boolean whatIf : new boolean[] {false, true}) {
            java.util.List<Long> expected = new Jdbc(h2.store().dataSource()).query("failures", "SELECT id FROM action"
                    + " WHERE at >= ? AND at < ? AND what_if = ? AND outcome IN ('failed', 'unknown') ORDER BY at, id"
                    + " LIMIT 200", java.util.List.of(FIRST.atOffset(ZoneOffset.UTC), NOW.atOffset(ZoneOffset.UTC),
                    whatIf), rs -> rs.getLong(1));
            assertThat(report(FIRST, NOW, ZoneId.of("UTC"), WINDOW, true, whatIf).failures())
                    .extracting(HistoryEntry::id).containsExactlyElementsOf(expected);
        }
        assertThat(actions.count("SELECT COUNT(*) FROM action WHERE outcome IN ('failed', 'unknown') AND NOT what_if"))
                .isGreaterThan(200);
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
}
