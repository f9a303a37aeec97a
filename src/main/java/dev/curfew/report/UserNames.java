package dev.curfew.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.curfew.history.Jdbc;
import javax.sql.DataSource;

/**
 * The numbers of report users ({@code report_user}), given when a roll-up is made: stored roll-ups
 * hold numbers, and a report reads names for its top users only. Names are lower-cased by the
 * caller. Two makers at once (the hourly task and a report, or two nodes) never give one number
 * twice: both keys are unique, and the loser reads what the winner stored and tries again.
 *
 * <pre>{@code
 * UserNames names = new UserNames(dataSource);
 * int[] numbers = names.number(List.of("ann", "bob"));
 * }</pre>
 */
final class UserNames {
    private static final int IN_LIST = 500;
    private static final int ATTEMPTS = 20;

    private final DataSource dataSource;
    private final Jdbc jdbc;
    /** What this maker knows of the table: read whole on first use, then only what is newer. */
    private Map<String, Integer> known;
    private int highest = -1;

    UserNames(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** The numbers of {@code names}, in their order; names not yet in the table are given the next free ones. */
    int[] number(List<String> names) {
        if (known == null) {
            known = new HashMap<>();
            readNewer();
        }
        for (int attempt = 1; ; attempt++) {
            Set<String> missing = new LinkedHashSet<>();
            for (String name : names) {
                if (!known.containsKey(name)) {
                    missing.add(name);
                }
            }
            if (missing.isEmpty() || insert(missing, attempt)) {
                int[] out = new int[names.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = known.get(names.get(i));
                }
                return out;
            }
            readNewer();
        }
    }

    /** Stores {@code missing} as the next numbers in one transaction; false when another maker got there first. */
    private boolean insert(Set<String> missing, int attempt) {
        try {
            Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_user (id, name) VALUES (?, ?)")) {
                    int next = highest + 1;
                    for (String name : missing) {
                        ps.setInt(1, next++);
                        ps.setString(2, name);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            if (!clash(e) || attempt >= ATTEMPTS) {
                throw new ReportException("cannot number " + missing.size() + " report users (attempt " + attempt
                        + "; the roll-up is not stored, the report reads the actions): " + e.getMessage(), e);
            }
            return false;
        }
        for (String name : missing) {
            known.put(name, ++highest);
        }
        return true;
    }

    /** A unique key taken by another maker; H2 reports it inside a batch error, as a cause or the next exception. */
    private static boolean clash(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof SQLException s ? s.getNextException() : null) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private void readNewer() {
        jdbc.query("read the report users", "SELECT id, name FROM report_user WHERE id > ?", List.of(highest), rs -> {
            int id = rs.getInt(1);
            known.put(rs.getString(2), id);
            highest = Math.max(highest, id);
            return null;
        });
    }

    /** The highest number given so far, -1 when none was. */
    int highest() {
        return jdbc.query("read the highest report user", "SELECT COALESCE(MAX(id), -1) FROM report_user", List.of(),
                rs -> rs.getInt(1)).get(0);
    }

    /** The numbers already given to any of {@code names}, without giving new ones. */
    Map<String, Integer> find(Collection<String> names) {
        Map<String, Integer> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        // A join from the names, one index look-up each: H2 read all users for an IN list, and for
        // "= ANY (?)" compared each one found with the whole array again.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT u.id, u.name FROM UNNEST(?) AS t (n) JOIN report_user u ON u.name = t.n")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(2), rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new ReportException("cannot find " + names.size() + " report users: " + e.getMessage(), e);
        }
        return out;
    }

    /** The names of {@code numbers}. */
    Map<Integer, String> names(Collection<Integer> numbers) {
        Map<Integer, String> out = new HashMap<>();
        for (List<Object> chunk : chunks(new ArrayList<>(numbers))) {
            jdbc.query("read report user names", "SELECT id, name FROM report_user WHERE id IN (" + marks(chunk.size())
                    + ")", chunk, rs -> out.put(rs.getInt(1), rs.getString(2)));
        }
        return out;
    }

    private static List<List<Object>> chunks(List<?> all) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_LIST) {
            out.add(new ArrayList<>(all.subList(i, Math.min(all.size(), i + IN_LIST))));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
