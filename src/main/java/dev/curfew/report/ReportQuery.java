package dev.curfew.report;

import dev.curfew.history.HistoryEntry;
import dev.curfew.history.Jdbc;
import dev.curfew.history.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Builds a {@link Report} from the history, day by day in the configured zone (which SQL on H2 and
 * PostgreSQL would disagree about): closed days and hours from their stored roll-ups, made on first
 * use, the rest from the actions; the failures; the come-backs from what the sweeps observed.
 *
 * <pre>{@code
 * Report r = new ReportQuery(dataSource, clock).report(since, until, zone, Duration.ofMinutes(10), 10, false);
 * }</pre>
 */
public final class ReportQuery {
    private static final int MAX_FAILURES = 200;

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final boolean rollups;

    /** Reports that use and make roll-ups; {@code clock} says which stretches are closed. */
    public ReportQuery(DataSource dataSource, Clock clock) {
        this(dataSource, clock, true);
    }

    private ReportQuery(DataSource dataSource, Clock clock, boolean rollups) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.rollups = rollups;
    }

    /** Reports summed from the actions alone, neither reading nor making roll-ups: the reference they must equal. */
    public static ReportQuery withoutRollups(DataSource dataSource) {
        return new ReportQuery(dataSource, Clock.systemUTC(), false);
    }

    /** The report of [{@code since}, {@code until}); {@code top} users at most; what-if actions or real ones. */
    public Report report(Instant since, Instant until, ZoneId zone, Duration comebackWindow, int top, boolean whatIf) {
        Map<LocalDate, Rollup> days = days(since, until, zone, comebackWindow, whatIf);
        List<Report.Tally> perDay = new ArrayList<>();
        Map<LocalDate, Map<String, Long>> dayRule = new TreeMap<>();
        Rollup all = new Rollup();
        for (Map.Entry<LocalDate, Rollup> e : days.entrySet()) {
            Rollup day = e.getValue();
            Map<String, Counts> dayRules = day.tallies.get(Rollup.Dimension.RULE);
            if (dayRules.isEmpty()) {
                continue;
            }
            Counts sum = new Counts();
            Map<String, Long> rules = new TreeMap<>();
            dayRules.forEach((rule, t) -> {
                sum.add(t);
                rules.put(rule, t.total());
            });
            perDay.add(sum.tally(e.getKey().toString()));
            dayRule.put(e.getKey(), rules);
            all.merge(day);
        }
        all.comebacks.sort(Rollup.Stamped.ORDER);
        return new Report(since, until, zone, comebackWindow, whatIf, perDay, dayRule, sorted(all, Rollup.Dimension.SERVER),
                sorted(all, Rollup.Dimension.RULE), TopUsers.of(all, top, new UserNames(dataSource)),
                failures(since, until, whatIf), all.idle,
                all.comebacks.stream().map(Rollup.Stamped::comeback).toList());
    }

    /**
     * Makes the roll-ups a report of [{@code since}, {@code until}) would use, wherever they are
     * closed and missing, without reading the stored ones: the hourly job's work, so reports find them.
     */
    public void prepare(Instant since, Instant until, ZoneId zone, Duration comebackWindow) {
        days(since, until, zone, comebackWindow, false);
        days(since, until, zone, comebackWindow, true);
    }

    private Map<LocalDate, Rollup> days(Instant since, Instant until, ZoneId zone, Duration window, boolean whatIf) {
        RollupPlan plan = new RollupPlan(dataSource, whatIf, since, until, window, clock.instant(), rollups);
        Map<LocalDate, Rollup> days = new TreeMap<>();
        for (LocalDate d = since.atZone(zone).toLocalDate(); ; d = d.plusDays(1)) {
            Instant dayStart = d.atStartOfDay(zone).toInstant();
            Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
            if (!dayStart.isBefore(until)) {
                return days;
            }
            Instant start = since.isAfter(dayStart) ? since : dayStart;
            Instant end = until.isBefore(dayEnd) ? until : dayEnd;
            days.put(d, start.equals(dayStart) && end.equals(dayEnd) ? plan.day(start, end) : plan.part(start, end));
        }
    }

    private static List<Report.Tally> sorted(Rollup all, Rollup.Dimension d) {
        List<Report.Tally> out = new ArrayList<>();
        all.tallies.get(d).forEach((k, t) -> out.add(t.tally(k)));
        out.sort(TopUsers.ORDER);
        return out;
    }

    /**
     * The first failed and unknown actions: one query per outcome, each read in the order of the
     * {@code (outcome, at)} index and stopped at the limit (with both outcomes in one, H2 read and
     * sorted all of a month's failures), merged here.
     */
    private List<HistoryEntry> failures(Instant since, Instant until, boolean whatIf) {
        List<HistoryEntry> out = new ArrayList<>();
        for (Outcome outcome : List.of(Outcome.FAILED, Outcome.UNKNOWN)) {
            out.addAll(jdbc.query("read the failures", "SELECT * FROM action WHERE outcome = ? AND at >= ? AND at < ?"
                    + " AND what_if = ? ORDER BY outcome, at, id LIMIT " + MAX_FAILURES,
                    List.of(outcome.label(), Jdbc.ts(since), Jdbc.ts(until), whatIf), HistoryEntry::read));
        }
        out.sort(Comparator.comparing(HistoryEntry::at).thenComparingLong(HistoryEntry::id));
        return out.size() > MAX_FAILURES ? List.copyOf(out.subList(0, MAX_FAILURES)) : out;
    }
}
