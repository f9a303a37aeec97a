package dev.curfew.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.history.HistoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh H2 file history, as the daemon opens it (HikariCP, Flyway, WRITE_DELAY=0), deleted on close;
 * or, for the storm, a PostgreSQL history emptied when opened.
 */
final class BenchDb implements AutoCloseable {
    private final Path dir;
    private final HikariDataSource dataSource;
    private final HistoryStore store;
    private final boolean keep;

    private BenchDb(Path dir, boolean keep) {
        this(dir, keep, HistoryStore.dataSource(null, null, null, dir));
    }

    private BenchDb(Path dir, boolean keep, HikariDataSource dataSource) {
        this.dir = dir;
        this.keep = keep;
        this.dataSource = dataSource;
        this.store = new HistoryStore(dataSource, "bench");
        store.migrate();
    }

    /** A new, empty database in {@code dir} (anything there before is deleted). */
    static BenchDb fresh(Path dir) {
        delete(dir);
        return new BenchDb(dir, false);
    }

    /**
     * A new, empty history in {@code dir} with H2, else in {@code history}'s PostgreSQL database: migrated,
     * then every table of its schema but Flyway's emptied (left as they are on close).
     */
    static BenchDb fresh(Path dir, StormHistory history) {
        if (history.isH2()) {
            return fresh(dir);
        }
        BenchDb db = new BenchDb(null, true, HistoryStore.dataSource(history.url(), history.user(), history.password(), null));
        db.empty();
        return db;
    }

    private void empty() {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add('"' + rs.getString(1) + '"');
                }
            }
            st.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot empty the benchmark history " + tables + ": " + e.getMessage(), e);
        }
    }

    /** The database in {@code dir}, kept after close. */
    static BenchDb kept(Path dir) {
        return new BenchDb(dir, true);
    }

    HistoryStore store() {
        return store;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
        if (!keep && dir != null) {
            delete(dir);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot delete: " + e.getMessage(), e);
        }
    }
}
