package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC with bound parameters only, and the instant mapping shared by H2 and PostgreSQL (UTC offsets). */
public final class Jdbc {
    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A row mapper that may throw SQLException. */
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs one statement in its own transaction (auto-commit); returns the update count. */
    public int update(String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, Arrays.asList(args));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} once per list of arguments, as one JDBC batch in one transaction. */
    public void batch(String what, String sql, List<List<Object>> rows) {
        try {
            inTransaction(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (List<Object> args : rows) {
                        bind(ps, args);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    public <T> List<T> query(String what, String sql, List<Object> args, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new HistoryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Work on one connection inside a transaction. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a connection of {@code dataSource} in one transaction: committed, or rolled back and rethrown. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    public static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
