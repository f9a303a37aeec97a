package dev.curfew.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The idle histogram draws counts in whole minutes on axes that fit them, however few the disconnects. */
class ReportChartsTest {
    /** {@code n} disconnects: one after 40 minutes idle, three around half an hour, or many spread over an hour. */
    static NavigableMap<Long, Long> idleSeconds(int n) {
        NavigableMap<Long, Long> idle = new TreeMap<>();
        if (n == 1) {
            idle.put(2400L, 1L);
        } else if (n == 3) {
            idle.put(1800L, 1L);
            idle.put(1812L, 1L);
            idle.put(2400L, 1L);
        } else {
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < n; i++) {
                idle.merge(1800L + r.nextLong(3600), 1L, Long::sum);
            }
        }
        return idle;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void theBarsCountEveryDisconnectInWholeMinutesAndTheAxesFitThem(int n) {
        NavigableMap<Long, Long> idle = idleSeconds(n);
        ReportCharts.Histogram h = ReportCharts.idleHistogram(idle);

        assertThat(h.bins()).isNotEmpty().hasSizeLessThanOrEqualTo((int) Math.ceil(Math.sqrt(n)));
        assertThat(h.bins().stream().mapToLong(ReportCharts.Bin::disconnects).sum()).isEqualTo(n);
        long width = h.bins().get(0).toMinutes() - h.bins().get(0).fromMinutes();
        assertThat(width).isPositive();
        for (ReportCharts.Bin b : h.bins()) {
            assertThat(b.toMinutes() - b.fromMinutes()).isEqualTo(width);
            assertThat(b.fromMinutes() % width).isZero();
        }
        assertThat(h.bins().get(0).fromMinutes()).isLessThanOrEqualTo(idle.firstKey() / 60);
        assertThat(h.bins().get(h.bins().size() - 1).toMinutes()).isGreaterThan(idle.lastKey() / 60);
        long most = h.bins().stream().mapToLong(ReportCharts.Bin::disconnects).max().orElseThrow();
        // The count axis ends just above the highest bar (not at 1E9), the minutes axis spans the bars and
        // at least ten minutes, in whole minutes (not "4E1" on every tick).
        assertThat(h.mostDisconnects()).isBetween((double) most, most * 1.1 + 1);
        assertThat(h.fromMinutes()).isLessThanOrEqualTo(h.bins().get(0).fromMinutes()).isEqualTo(Math.rint(h.fromMinutes()));
        assertThat(h.toMinutes()).isGreaterThanOrEqualTo(h.bins().get(h.bins().size() - 1).toMinutes())
                .isEqualTo(Math.rint(h.toMinutes()));
        assertThat(h.toMinutes() - h.fromMinutes()).isBetween(10.0, 90.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void theHtmlSaysTheHistogramsAxesAndListsItsBars(int n) {
        ReportCharts.Histogram h = ReportCharts.idleHistogram(idleSeconds(n));
        Report r = new Report(Instant.EPOCH, Instant.EPOCH.plusSeconds(86_400), ZoneId.of("UTC"),
                Duration.ofMinutes(10), false, List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(),
                idleSeconds(n), List.of());

        String html = ReportHtml.render(r);

        assertThat(html).contains(String.format("idle %d to %d minutes, 0 to ", (long) h.fromMinutes(),
                (long) h.toMinutes()));
        ReportCharts.Bin first = h.bins().get(0);
        assertThat(html).contains("<td>" + first.fromMinutes() + " to " + first.toMinutes() + "</td><td class=\"n\">"
                + first.disconnects() + "</td>");
    }
}
