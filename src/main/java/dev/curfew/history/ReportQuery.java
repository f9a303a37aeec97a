package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Builds a {@link Report} from the history: one indexed range read of the period's actions, summed
 * in Java (days are the configured zone's, which SQL on H2 and PostgreSQL would disagree about),
 * the failures, and the come-backs from what the sweeps observed ({@code connection_seen}).
 *
 * <pre>{@code
 * Report r = new ReportQuery(dataSource).report(since, until, zone, Duration.ofMinutes(10), 10, false);
 * }</pre>
 */
public final class ReportQuery {
    private static final int MAX_FAILURES = 200;

    private final Jdbc jdbc;

    public ReportQuery(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    private record Row(Instant at, String server, int sessionId, String user, ActionType action, String rule,
            Outcome outcome, Long idleSeconds) {
    }

    private record Seen(String server, String user, Instant connectedAt) {
    }

    /** The report of [{@code since}, {@code until}); {@code top} users at most; what-if actions or real ones. */
    public Report report(Instant since, Instant until, ZoneId zone, Duration comebackWindow, int top, boolean whatIf) {
        List<Row> rows = jdbc.query("read the history for the report",
                "SELECT at, server, session_id, user_name, action, rule, outcome, idle_seconds FROM action"
                        + " WHERE at >= ? AND at < ? AND what_if = ? ORDER BY at, id",
                List.of(Jdbc.ts(since), Jdbc.ts(until), whatIf), rs -> {
                    long idle = rs.getLong("idle_seconds");
                    return new Row(Jdbc.instant(rs, "at"), rs.getString("server"), rs.getInt("session_id"),
                            rs.getString("user_name"), ActionType.parse(rs.getString("action")), rs.getString("rule"),
                            Outcome.parse(rs.getString("outcome")), rs.wasNull() ? null : idle);
                });
        Map<String, Report.Tally> days = new TreeMap<>();
        Map<LocalDate, Map<String, Long>> dayRule = new TreeMap<>();
        Map<String, Report.Tally> servers = new HashMap<>();
        Map<String, Report.Tally> rules = new HashMap<>();
        Map<String, Report.Tally> users = new HashMap<>();
        List<Long> idle = new ArrayList<>();
        for (Row r : rows) {
            boolean failed = r.outcome == Outcome.FAILED || r.outcome == Outcome.UNKNOWN;
            LocalDate day = r.at.atZone(zone).toLocalDate();
            add(days, day.toString(), r, failed);
            dayRule.computeIfAbsent(day, d -> new TreeMap<>()).merge(r.rule, 1L, Long::sum);
            add(servers, r.server, r, failed);
            add(rules, r.rule, r, failed);
            if (!r.user.isEmpty()) {
                add(users, r.user.toLowerCase(Locale.ROOT), r, failed);
            }
            if (r.action == ActionType.DISCONNECT && r.outcome != Outcome.FAILED && r.idleSeconds != null) {
                idle.add(r.idleSeconds);
            }
        }
        List<Report.Tally> topUsers = sorted(users);
        return new Report(since, until, zone, comebackWindow, whatIf, new ArrayList<>(days.values()), dayRule,
                sorted(servers), sorted(rules), topUsers.subList(0, Math.min(Math.max(top, 0), topUsers.size())),
                failures(since, until, whatIf), idle, comebacks(rows, since, until, comebackWindow));
    }

    private static void add(Map<String, Report.Tally> tallies, String key, Row r, boolean failed) {
        tallies.computeIfAbsent(key, k -> new Report.Tally(k, 0, 0, 0, 0));
        tallies.computeIfPresent(key, (k, t) -> t.plus(r.action, failed));
    }

    private static List<Report.Tally> sorted(Map<String, Report.Tally> tallies) {
        List<Report.Tally> out = new ArrayList<>(tallies.values());
        out.sort(Comparator.comparingLong(Report.Tally::total).reversed().thenComparing(Report.Tally::key));
        return out;
    }

    private List<HistoryEntry> failures(Instant since, Instant until, boolean whatIf) {
        return jdbc.query("read the failures", "SELECT * FROM action WHERE at >= ? AND at < ? AND what_if = ?"
                + " AND outcome IN (?, ?) ORDER BY at, id LIMIT " + MAX_FAILURES,
                List.of(Jdbc.ts(since), Jdbc.ts(until), whatIf, Outcome.FAILED.label(), Outcome.UNKNOWN.label()),
                HistoryStore::entry);
    }

    /** Each session curfew ended in the period whose user connected again to its server within the window. */
    private List<Report.Comeback> comebacks(List<Row> rows, Instant since, Instant until, Duration window) {
        Map<String, List<Instant>> seen = new HashMap<>();
        for (Seen s : jdbc.query("read the connections seen",
                "SELECT server, user_name, connected_at FROM connection_seen WHERE connected_at > ? AND connected_at <= ?"
                        + " ORDER BY connected_at",
                List.of(Jdbc.ts(since), Jdbc.ts(until.plus(window))),
                rs -> new Seen(rs.getString("server"), rs.getString("user_name"), Jdbc.instant(rs, "connected_at")))) {
            seen.computeIfAbsent(key(s.server, s.user), k -> new ArrayList<>()).add(s.connectedAt);
        }
        List<Report.Comeback> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.action == ActionType.WARN || r.outcome != Outcome.DONE || r.user.isEmpty()) {
                continue;
            }
            for (Instant back : seen.getOrDefault(key(r.server, r.user), List.of())) {
                if (back.isAfter(r.at) && !back.isAfter(r.at.plus(window))) {
                    out.add(new Report.Comeback(r.at, r.server, r.sessionId, r.user, r.action, r.rule, back,
                            Duration.between(r.at, back)));
                    break;
                }
            }
        }
        return out;
    }

    private static String key(String server, String user) {
        return server.toLowerCase(Locale.ROOT) + "\u0000" + user.toLowerCase(Locale.ROOT);
    }
}
