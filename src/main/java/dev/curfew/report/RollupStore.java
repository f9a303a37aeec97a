package dev.curfew.report;

import dev.curfew.history.Jdbc;
import dev.curfew.policy.ActionType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The stored report roll-ups: one {@code report_rollup} row per stretch of time, its sums in
 * {@code report_tally} (per dimension and key), {@code report_idle}, {@code report_comeback} and
 * {@code report_rollup_users}, all deleted with it.
 */
final class RollupStore {
    /** Parts stay well under H2's 1,000,000-byte limit of a binary value. */
    static final int PART_BYTES = 512 * 1024;

    private final DataSource dataSource;
    private final Jdbc jdbc;

    RollupStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** A stored roll-up's stretch, {@code [start, end)}, and the come-back window it was summed with. */
    record Stored(long id, Instant start, Instant end, Duration window) {
    }

    /** The roll-ups stored for {@code [since, until)}, keyed by {@code start + "/" + end}. */
    Map<String, Stored> within(boolean whatIf, Instant since, Instant until) {
        Map<String, Stored> out = new HashMap<>();
        for (Stored s : jdbc.query("read the report roll-ups", "SELECT id, start_at, end_at, comeback_window_ms"
                + " FROM report_rollup WHERE what_if = ? AND start_at >= ? AND end_at <= ?",
                List.of(whatIf, Jdbc.ts(since), Jdbc.ts(until)), rs -> new Stored(rs.getLong("id"),
                        Jdbc.instant(rs, "start_at"), Jdbc.instant(rs, "end_at"),
                        Duration.ofMillis(rs.getLong("comeback_window_ms"))))) {
            out.put(key(s.start, s.end), s);
        }
        return out;
    }

    static String key(Instant start, Instant end) {
        return start + "/" + end;
    }

    /** The sums stored for {@code s}. */
    Rollup load(Stored s) {
        Rollup r = new Rollup();
        List<Object> id = List.of(s.id);
        jdbc.query("read report tallies", "SELECT dimension, name, warnings, disconnects, logoffs, failed"
                + " FROM report_tally WHERE rollup_id = ?", id, rs -> r.tallies.get(Rollup.Dimension.parse(
                        rs.getString(1))).put(rs.getString(2), new Counts(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6))));
        jdbc.query("read report idle times", "SELECT idle_seconds, disconnects FROM report_idle WHERE rollup_id = ?",
                id, rs -> r.idle.put(rs.getLong(1), rs.getLong(2)));
        jdbc.query("read report come-backs", "SELECT action_id, at, server, session_id, user_name, action, rule, back_at"
                + " FROM report_comeback WHERE rollup_id = ?", id, rs -> {
                    Instant at = Jdbc.instant(rs, "at");
                    Instant back = Jdbc.instant(rs, "back_at");
                    return r.comebacks.add(new Rollup.Stamped(rs.getLong(1), new Report.Comeback(at,
                            rs.getString("server"), rs.getInt("session_id"), rs.getString("user_name"),
                            ActionType.parse(rs.getString("action")), rs.getString("rule"), back,
                            Duration.between(at, back))));
                });
        List<byte[]> parts = jdbc.query("read report users", "SELECT data FROM report_rollup_users WHERE rollup_id = ?"
                + " ORDER BY seq", id, rs -> rs.getBytes(1));
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        try {
            r.numberedUsers.add(StoredUsers.decode(all));
        } catch (IllegalArgumentException e) {
            throw new ReportException("report roll-up " + s.id + " (" + s.start + " to " + s.end + "): "
                    + e.getMessage() + "; delete the roll-up to have it summed again", e);
        }
        return r;
    }

    /**
     * Stores (or replaces) the roll-up of {@code [start, end)}, its users numbered in {@code names}
     * first. Another node storing the same one at the same time makes this one give way: the two are equal.
     */
    void save(boolean whatIf, Instant start, Instant end, Duration window, Rollup rollup, UserNames names,
            Instant now) {
        byte[] users = StoredUsers.encode(numbered(rollup, names));
        try {
            Jdbc.inTransaction(dataSource, c -> {
                delete(c, whatIf, start, end);
                long id = insert(c, "INSERT INTO report_rollup (what_if, start_at, end_at, comeback_window_ms, actions,"
                        + " built_at) VALUES (?,?,?,?,?,?)", List.of(whatIf, Jdbc.ts(start), Jdbc.ts(end),
                        window.toMillis(), rollup.actions(), Jdbc.ts(now)));
                List<List<Object>> rows = new ArrayList<>();
                rollup.tallies.forEach((d, tallies) -> tallies.forEach((name, t) -> rows.add(List.of(id, d.label(),
                        name, t.warnings, t.disconnects, t.logoffs, t.failed))));
                batch(c, "INSERT INTO report_tally (rollup_id, dimension, name, warnings, disconnects, logoffs, failed)"
                        + " VALUES (?,?,?,?,?,?,?)", rows);
                rows.clear();
                rollup.idle.forEach((seconds, n) -> rows.add(List.of(id, seconds, n)));
                batch(c, "INSERT INTO report_idle (rollup_id, idle_seconds, disconnects) VALUES (?,?,?)", rows);
                rows.clear();
                for (Rollup.Stamped s : rollup.comebacks) {
                    Report.Comeback b = s.comeback();
                    rows.add(List.of(id, s.id(), Jdbc.ts(b.at()), b.server(), b.sessionId(), b.user(),
                            b.action().label(), b.rule(), Jdbc.ts(b.back())));
                }
                batch(c, "INSERT INTO report_comeback (rollup_id, action_id, at, server, session_id, user_name, action,"
                        + " rule, back_at) VALUES (?,?,?,?,?,?,?,?,?)", rows);
                rows.clear();
                for (int seq = 0, from = 0; from < users.length; seq++, from += PART_BYTES) {
                    rows.add(List.of(id, seq, Arrays.copyOfRange(users, from, Math.min(users.length, from + PART_BYTES))));
                }
                batch(c, "INSERT INTO report_rollup_users (rollup_id, seq, data) VALUES (?,?,?)", rows);
                return null;
            });
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw new ReportException("cannot store the report roll-up of " + start + " to " + end + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Every user of {@code rollup} by number, those counted from actions numbered in {@code names}. */
    private static Map<Integer, Counts> numbered(Rollup rollup, UserNames names) {
        Map<Integer, Counts> out = new TreeMap<>();
        for (int[] records : rollup.numberedUsers) {
            for (int i = 0; i < records.length; i += StoredUsers.INTS_PER_USER) {
                out.computeIfAbsent(records[i], k -> new Counts()).add(new Counts(records[i + 1], records[i + 2],
                        records[i + 3], records[i + 4]));
            }
        }
        List<String> named = new ArrayList<>(rollup.users.keySet());
        int[] numbers = names.number(named);
        for (int i = 0; i < numbers.length; i++) {
            out.computeIfAbsent(numbers[i], k -> new Counts()).add(rollup.users.get(named.get(i)));
        }
        return out;
    }

    private static long insert(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            Jdbc.bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void batch(Connection c, String sql, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                Jdbc.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void delete(Connection c, boolean whatIf, Instant start, Instant end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM report_rollup WHERE what_if = ? AND start_at = ? AND end_at = ?")) {
            Jdbc.bind(ps, List.of(whatIf, Jdbc.ts(start), Jdbc.ts(end)));
            ps.executeUpdate();
        }
    }
}
