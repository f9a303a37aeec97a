package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.history.H2Extension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report's top users: its stored roll-ups count users by number, its ragged ends by name. The
 * top of a report, made and then read from roll-ups, is the top a brute force count of the actions gives.
 */
class TopUsersTest {
    private static final String[] ACTIONS = {"warn", "disconnect", "logoff"};
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-05T12:00:00Z");

    @RegisterExtension
    final H2Extension h2 = new H2Extension();
    private final Actions actions = new Actions(h2);
    private final MutableClock clock = new MutableClock(NOW);

    /** One action of the case: its user as written (some in capitals), kind and whether it failed. */
    private record Action(Instant at, String user, String action, boolean failed) {
    }

    @Test
    void theTopFromRollupsAndRaggedEndsIsTheTopOfABruteForceCount() throws SQLException {
        SplittableRandom r = new SplittableRandom(11);
        int fromRaggedEnds = 0;
        for (int i = 0; i < 40; i++) {
            actions.execute("DELETE FROM action");
            actions.execute("DELETE FROM report_rollup");
            int users = 3 + r.nextInt(40);
            // From a few minutes past midnight to a few before noon: two whole days, hours and ragged ends.
            Instant since = START.plusSeconds(60 + r.nextInt(3000));
            Instant until = NOW.minus(Duration.ofHours(2)).minusSeconds(r.nextInt(3000));
            List<Action> written = new ArrayList<>();
            int n = 20 + r.nextInt(users * 12);
            for (int k = 0; k < n; k++) {
                Instant at = START.plusSeconds(r.nextLong(Duration.between(START, NOW).toSeconds()));
                // Some users only in the ragged ends, never stored.
                String user = (r.nextInt(4) == 0 ? "U" : "u") + r.nextInt(users);
                Action a = new Action(at, user, ACTIONS[r.nextInt(3)], r.nextInt(8) == 0);
                written.add(a);
                actions.insert(a.at, "ms01", a.user, a.action, "idle limit", a.failed ? "failed" : "done", false, null);
            }
            // Users of the ragged ends alone (the parts of hours a report reads from the actions), never stored.
            Instant firstHour = since.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant lastHour = until.truncatedTo(ChronoUnit.HOURS);
            for (int k = r.nextInt(2 * n / users + 2); k > 0; k--) {
                Instant at = r.nextBoolean() ? since.plusSeconds(r.nextLong(Duration.between(since, firstHour).toSeconds()))
                        : lastHour.plusSeconds(r.nextLong(Duration.between(lastHour, until).toSeconds()));
                Action a = new Action(at, (r.nextBoolean() ? "R" : "r") + r.nextInt(2), ACTIONS[r.nextInt(3)], false);
                written.add(a);
                actions.insert(a.at, "ms02", a.user, a.action, "closing", "done", false, null);
            }
            int top = 1 + r.nextInt(6);
            List<Report.Tally> expected = bruteForce(written, since, until, top);
            for (int twice = 0; twice < 2; twice++) {
                assertThat(report(since, until, top).topUsers()).as("case %d", i).isEqualTo(expected);
            }
            if (expected.stream().anyMatch(t -> t.key().startsWith("r"))) {
                fromRaggedEnds++;
            }
        }
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup_users")).isPositive();
        assertThat(fromRaggedEnds).as("cases with a user of the ragged ends alone on top").isPositive();
    }

    @Test
    void usersTiedWithTheLastOfTheTopAreOrderedByNameWhereverTheyWereCounted() throws SQLException {
        Instant stored = START.plus(Duration.ofHours(10));
        for (String user : List.of("dora", "cleo", "bea", "ann")) {
            for (int i = 0; i < 5; i++) {
                actions.insert(stored, "ms01", user, "disconnect", "idle limit", "done", false, null);
            }
        }
        // Counted from the actions, past the last whole hour: one more puts eve ahead, one fewer behind.
        Instant raggedEnd = NOW.minus(Duration.ofMinutes(30));
        for (int i = 0; i < 6; i++) {
            actions.insert(raggedEnd, "ms02", "eve", "warn", "idle limit", "done", false, null);
        }
        for (int i = 0; i < 4; i++) {
            actions.insert(raggedEnd, "ms02", "fay", "warn", "idle limit", "done", false, null);
        }

        for (int twice = 0; twice < 2; twice++) {
            assertThat(report(START, NOW, 3).topUsers()).extracting(Report.Tally::key).containsExactly("eve", "ann",
                    "bea");
            assertThat(report(START, NOW, 0).topUsers()).isEmpty();
            assertThat(report(START, NOW, 10).topUsers()).hasSize(6);
        }
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup_users")).isPositive();
    }

    @Test
    void countsOfAnySizeComeBackFromTheStoredForm() throws SQLException {
        Instant day = START.plus(Duration.ofHours(10));
        for (int i = 0; i < 300; i++) {
            actions.insert(day, "ms01", "ann", "disconnect", "idle limit", "done", false, null);
        }
        actions.insert(day, "ms01", "bob", "warn", "idle limit", "done", false, null);
        actions.insert(day, "ms01", "Bob", "logoff", "closing", "failed", false, null);
        for (int i = 0; i < 3; i++) {
            actions.insert(day, "ms01", "cleo", "logoff", "closing", "unknown", false, null);
        }
        Instant dayEnd = START.plus(Duration.ofDays(1));

        for (int twice = 0; twice < 2; twice++) {
            assertThat(report(START, dayEnd, 5).topUsers()).containsExactly(new Report.Tally("ann", 0, 300, 0, 0),
                    new Report.Tally("cleo", 0, 0, 3, 3), new Report.Tally("bob", 1, 0, 1, 1));
        }
        assertThat(actions.count("SELECT COUNT(*) FROM report_rollup WHERE start_at = TIMESTAMP WITH TIME ZONE"
                + " '2026-11-02 00:00:00Z' AND end_at = TIMESTAMP WITH TIME ZONE '2026-11-03 00:00:00Z'")).isEqualTo(1);
    }

    private Report report(Instant since, Instant until, int top) {
        return new ReportQuery(h2.store().dataSource(), clock).report(since, until, UTC, Duration.ofMinutes(10), top,
                false);
    }

    private static List<Report.Tally> bruteForce(List<Action> written, Instant since, Instant until, int n) {
        Map<String, long[]> counts = new HashMap<>();
        for (Action a : written) {
            if (a.at.isBefore(since) || !a.at.isBefore(until)) {
                continue;
            }
            long[] t = counts.computeIfAbsent(a.user.toLowerCase(Locale.ROOT), k -> new long[4]);
            t[List.of(ACTIONS).indexOf(a.action)]++;
            if (a.failed) {
                t[3]++;
            }
        }
        List<Report.Tally> out = new ArrayList<>();
        counts.forEach((user, t) -> out.add(new Report.Tally(user, t[0], t[1], t[2], t[3])));
        out.sort(TopUsers.ORDER);
        return out.subList(0, Math.min(n, out.size()));
    }
}
