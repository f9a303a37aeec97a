package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.history.H2Extension;
import dev.curfew.history.Jdbc;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserNamesTest {
    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Test
    void aUserInDifferentCaseIsOneUserWithOneNumber() throws SQLException {
        Actions actions = new Actions(h2);
        Instant hour = Instant.parse("2026-11-02T08:00:00Z");
        actions.insert(hour.plusSeconds(60), "ms01", "Ann", "warn", "idle limit", "done", false, null);
        actions.insert(hour.plusSeconds(120), "ms01", "ANN", "disconnect", "idle limit", "failed", false, null);
        // The hour is stored; the rest of the report, up to now, is counted from the actions.
        Instant now = hour.plus(Duration.ofHours(2));
        actions.insert(now.minusSeconds(60), "ms02", "aNN", "logoff", "closing", "done", false, null);
        ReportQuery reports = new ReportQuery(h2.store().dataSource(), new MutableClock(now));

        for (int twice = 0; twice < 2; twice++) {
            assertThat(reports.report(hour, now, ZoneId.of("UTC"), Duration.ofMinutes(10), 5, false).topUsers())
                    .containsExactly(new Report.Tally("ann", 1, 1, 1, 1));
        }
        assertThat(table()).containsExactly(Map.entry("ann", 0));
    }

    @Test
    void aNewUserAfterTheTableExistsGetsTheNextFreeNumberEvenFromAMakerThatReadItBefore() {
        UserNames first = new UserNames(h2.store().dataSource());
        assertThat(first.number(List.of("ann", "bob", "ann"))).containsExactly(0, 1, 0);
        UserNames second = new UserNames(h2.store().dataSource());
        assertThat(second.number(List.of("bob", "cleo"))).containsExactly(1, 2);

        // first still believes 2 is free: its insert clashes, it reads cleo's and goes on.
        assertThat(first.number(List.of("dora", "cleo"))).containsExactly(3, 2);
        assertThat(table()).containsOnly(Map.entry("ann", 0), Map.entry("bob", 1), Map.entry("cleo", 2),
                Map.entry("dora", 3));
    }

    @Test
    void concurrentMakersNeverGiveOneNumberTwice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Integer>>> makers = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                int maker = m;
                makers.add(pool.submit(() -> {
                    UserNames names = new UserNames(h2.store().dataSource());
                    Map<String, Integer> seen = new HashMap<>();
                    for (int round = 0; round < 20; round++) {
                        List<String> users = new ArrayList<>();
                        for (int i = 0; i < 30; i++) {
                            users.add("u" + ((round * 30 + i) * (maker + 1) % 500));
                        }
                        int[] numbers = names.number(users);
                        for (int i = 0; i < numbers.length; i++) {
                            seen.put(users.get(i), numbers[i]);
                        }
                    }
                    return seen;
                }));
            }
            List<Map<String, Integer>> given = new ArrayList<>();
            for (Future<Map<String, Integer>> maker : makers) {
                given.add(maker.get());
            }
            Map<String, Integer> table = table();
            assertThat(new HashSet<>(table.values())).hasSameSizeAs(table.values());
            assertThat(table).hasSize(500);
            for (Map<String, Integer> seen : given) {
                assertThat(table).containsAllEntriesOf(seen);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Integer> table() {
        Map<String, Integer> out = new HashMap<>();
        new Jdbc(h2.store().dataSource()).query("read", "SELECT id, name FROM report_user", List.of(),
                rs -> out.put(rs.getString(2), rs.getInt(1)));
        return out;
    }
}
