package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The stored report roll-ups ({@code report_rollup}, {@code report_rollup_part}): found by their stretch of time. */
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

    /** The stored roll-up, or null if it was stored in another format (it is then summed again and replaced). */
    Rollup load(Stored s) {
        List<byte[]> parts = jdbc.query("read report roll-up " + s.start + " to " + s.end,
                "SELECT data FROM report_rollup_part WHERE rollup_id = ? ORDER BY seq", List.of(s.id),
                rs -> rs.getBytes(1));
        if (parts.isEmpty() || parts.get(0).length == 0 || !Rollup.readable(parts.get(0)[0])) {
            return null;
        }
        if (parts.size() == 1) {
            return Rollup.decode(parts.get(0));
        }
        // One copy: a day's roll-up is megabytes, and each copy is garbage for the collector.
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return Rollup.decode(all);
    }

    /**
     * Stores (or replaces) the roll-up of {@code [start, end)}. Another node storing the same one at
     * the same time makes this one give way: the two are equal.
     */
    void save(boolean whatIf, Instant start, Instant end, Duration window, Rollup rollup, UserNames names,
            Instant now) {
        byte[] data = rollup.encode(names);
        try {
            Jdbc.inTransaction(dataSource, c -> {
                delete(c, whatIf, start, end);
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_rollup (what_if, start_at, end_at,"
                        + " comeback_window_ms, actions, built_at) VALUES (?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                    Jdbc.bind(ps, List.of(whatIf, Jdbc.ts(start), Jdbc.ts(end), window.toMillis(), rollup.actions(),
                            Jdbc.ts(now)));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO report_rollup_part (rollup_id, seq, data) VALUES (?,?,?)")) {
                    for (int seq = 0, from = 0; from < data.length || seq == 0; seq++, from += PART_BYTES) {
                        ps.setLong(1, id);
                        ps.setInt(2, seq);
                        ps.setBytes(3, Arrays.copyOfRange(data, from, Math.min(data.length, from + PART_BYTES)));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw new HistoryException("cannot store the report roll-up of " + start + " to " + end + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void delete(Connection c, boolean whatIf, Instant start, Instant end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM report_rollup WHERE what_if = ? AND start_at = ? AND end_at = ?")) {
            Jdbc.bind(ps, List.of(whatIf, Jdbc.ts(start), Jdbc.ts(end)));
            ps.executeUpdate();
        }
    }

    /** Deletes the roll-ups that cover any instant before {@code cutoff}, whose rows a purge removed. */
    int forgetBefore(Instant cutoff) {
        return jdbc.update("forget report roll-ups before " + cutoff, "DELETE FROM report_rollup WHERE start_at < ?",
                Jdbc.ts(cutoff));
    }

    /** Deletes the roll-ups that cover {@code at}, whose rows changed. */
    int forgetAround(Instant at) {
        return jdbc.update("forget the report roll-ups around " + at,
                "DELETE FROM report_rollup WHERE start_at <= ? AND end_at > ?", Jdbc.ts(at), Jdbc.ts(at));
    }
}
