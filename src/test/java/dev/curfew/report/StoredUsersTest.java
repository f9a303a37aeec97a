package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.history.H2Extension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users keep their names and counts through the stored roll-ups, whatever their names. */
class StoredUsersTest {
    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    @RegisterExtension
    final H2Extension h2 = new H2Extension();
    private final Actions actions = new Actions(h2);

    @Test
    void usersSurviveStorageWhateverTheirNames() throws SQLException {
        for (Instant at : List.of(DAY.plusSeconds(3600), DAY.plusSeconds(7 * 3600))) {
            for (String name : List.of("ZO\u00cb", "zo\u00eb", "\u7528\u6237", "a\u0000b", "\uD83D\uDE00", "plain")) {
                actions.insert(at, "ms01", name, "disconnect", "idle limit", "failed", false, null);
            }
        }
        ReportQuery reports = new ReportQuery(h2.store().dataSource(), new MutableClock(DAY.plus(Duration.ofDays(2))));

        for (int twice = 0; twice < 2; twice++) {
            assertThat(reports.report(DAY, DAY.plus(Duration.ofDays(1)), ZoneId.of("UTC"), Duration.ofMinutes(10), 10,
                    false).topUsers()).containsExactly(new Report.Tally("zo\u00eb", 0, 4, 0, 4),
                    new Report.Tally("a\u0000b", 0, 2, 0, 2), new Report.Tally("plain", 0, 2, 0, 2),
                    new Report.Tally("\u7528\u6237", 0, 2, 0, 2), new Report.Tally("\uD83D\uDE00", 0, 2, 0, 2));
        }
        assertThat(actions.count("SELECT COUNT(*) FROM report_user")).isEqualTo(5);
    }
}
