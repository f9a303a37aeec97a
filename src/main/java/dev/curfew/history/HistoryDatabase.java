package dev.curfew.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opening the history database (a pool, H2 or PostgreSQL) and bringing its schema up to date with Flyway. */
final class HistoryDatabase {
    private HistoryDatabase() {
    }

    /** A pooled data source for {@code url}; an H2 file database under {@code dataDir} when url is null. */
    /**
     * A pooled data source for {@code url}, an H2 file database under {@code dataDir} when url is null; for a {@code command} (not the daemon) the
     * database is opened at once and a failure to open it is thrown here, not after the pool's 30 s
     * of retries, and an H2 file database is not compacted when it closes: a command that reads the
     * history for a moment would otherwise spend seconds rewriting a big file's pages as it ends (the
     * daemon still does when it stops).
     */
    public static HikariDataSource dataSource(String url, String user, String password, Path dataDir,
            boolean command) {
        String jdbc = url;
        if (jdbc == null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new HistoryException(dataDir + ": cannot create the data folder: " + e.getMessage(), e);
            }
            // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under the sweeps
            // that an orderly stop (SIGTERM) lets finish; the daemon closes it last, through the pool.
            jdbc = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("history") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
                    + (command ? ";MAX_COMPACT_TIME=0" : "");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbc);
        config.setUsername(user == null ? "sa" : user);
        config.setPassword(password == null ? "" : password);
        config.setPoolName("curfew-history");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // The daemon starts without its PostgreSQL database and waits for it; a command has nothing to wait
        // for, nor has anyone an embedded file another process holds (a curfew that stopped has let it go).
        config.setInitializationFailTimeout(command || url == null ? 1 : -1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw opening(jdbc, rootMessage(e), e);
        }
    }

    /**
     * Why {@code jdbc} cannot be opened, in one line; an H2 file that another process holds (the
     * running daemon, most likely) says so and what to do.
     */
    static String cannotOpen(String jdbc, String reason) {
        if (locked(reason)) {
            return "cannot open the history database: " + reason + ": another process has it open, most likely"
                    + " the running daemon; the embedded H2 database takes one process at a time: stop the daemon"
                    + " first, or share a PostgreSQL database (history.url)";
        }
        return jdbc + ": cannot open the history database: " + reason;
    }

    /**
     * The schema version the last shipped migration gives ({@code db/migration}); a test checks it
     * against what Flyway applies.
     */
    static final String SCHEMA_VERSION = "12";

    /**
     * Brings the schema to the current version with Flyway; a database whose schema history ends
     * with this version, applied without failure, is left alone without starting Flyway (its scan
     * and validation are half a second of every command).
     */
    static void migrate(DataSource dataSource) {
        if (current(dataSource)) {
            return;
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            throw cannotMigrate(e);
        }
    }

    private static HistoryException opening(String jdbc, String reason, Exception e) {
        return locked(reason) ? new HistoryLockedException(cannotOpen(jdbc, reason), e)
                : new HistoryException(cannotOpen(jdbc, reason), e);
    }

    private static boolean locked(String reason) {
        return reason.startsWith("The file is locked");
    }

    private static HistoryException cannotMigrate(Exception e) {
        String root = rootMessage(e);
        return locked(root) ? opening(null, root, e) : new HistoryException("cannot migrate the history database: " + root, e);
    }

    /** Whether every migration up to {@link #SCHEMA_VERSION} was applied and none failed. */
    static boolean current(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                        + " ORDER BY \"installed_rank\" DESC")) {
            if (!rs.next() || !SCHEMA_VERSION.equals(rs.getString(1)) || !rs.getBoolean(2)) {
                return false;
            }
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
            }
            return true;
        } catch (SQLTransientConnectionException e) {
            // No connection after the pool's wait: said now, not again after Flyway's own wait.
            throw cannotMigrate(e);
        } catch (SQLException e) {
            // No schema history yet (a new database), or one Flyway must look at: Flyway decides.
            return false;
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
