package dev.curfew.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The history database: every action's intent and outcome, every sweep. Writes commit before
 * their methods return, so a row survives the process being killed.
 *
 * <pre>{@code
 * HistoryStore history = new HistoryStore(HistoryStore.h2DataSource(Path.of("data")), "node1");
 * history.migrate();
 * long id = history.recordIntent(intent);
 * history.recordOutcome(id, Outcome.DONE, null, clock.instant());
 * }</pre>
 */
public final class HistoryStore implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final String node;
    private final Jdbc jdbc;
    private final ConnectionLog connections;
    private final RollupStore rollups;
    private final ActionRows rows;
    private final GroupCommit groupCommit;

    public HistoryStore(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
        this.jdbc = new Jdbc(dataSource);
        this.connections = new ConnectionLog(jdbc, node);
        this.rollups = new RollupStore(dataSource);
        this.rows = new ActionRows(node);
        this.groupCommit = new GroupCommit(dataSource, rows, CLOSE_TIMEOUT);
    }

    /**
     * Writes the outcomes and intents still queued, then stops the writer thread; waits at most 10 s.
     * Close it before its data source. Idempotent.
     */
    @Override
    public void close() {
        groupCommit.close();
    }

    public String node() {
        return node;
    }

    /** A pooled data source for {@code url}; an H2 file database under {@code dataDir} when url is null. */
    public static HikariDataSource dataSource(String url, String user, String password, Path dataDir) {
        return dataSource(url, user, password, dataDir, false);
    }

    /**
     * As {@link #dataSource(String, String, String, Path)}; for a {@code command} (not the daemon) the
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
        // The daemon starts without its database and waits for it; a command has nothing to wait for.
        config.setInitializationFailTimeout(command ? 1 : -1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new HistoryException(cannotOpen(jdbc, rootMessage(e)), e);
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
    static final String SCHEMA_VERSION = "6";

    /**
     * Brings the schema to the current version with Flyway; a database whose schema history ends
     * with this version, applied without failure, is left alone without starting Flyway (its scan
     * and validation are half a second of every command).
     */
    public void migrate() {
        if (current()) {
            return;
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            throw cannotMigrate(e);
        }
    }

    private static boolean locked(String reason) {
        return reason.startsWith("The file is locked");
    }

    private static HistoryException cannotMigrate(Exception e) {
        String root = rootMessage(e);
        return new HistoryException(locked(root) ? cannotOpen(null, root) : "cannot migrate the history database: " + root, e);
    }

    /** Whether every migration up to {@link #SCHEMA_VERSION} was applied and none failed. */
    boolean current() {
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

    public DataSource dataSource() {
        return dataSource;
    }

    /** The note on an action whose outcome was never recorded: its intent was committed, then curfew stopped. */
    public static final String ABANDONED_NOTE = "curfew stopped (crash, kill or power loss) after recording this action"
            + " and before recording its outcome: the server may or may not have carried it out";

    /**
     * Marks this node's intents left pending by an earlier stop as {@code unknown}, with
     * {@link #ABANDONED_NOTE}; returns how many there were. Nothing is deleted.
     */
    public int markAbandoned(Instant now) {
        // The report roll-ups around these rows were summed without them (a pending row is never summed).
        List<Instant> at = jdbc.query("read abandoned actions", "SELECT DISTINCT at FROM action WHERE outcome = ?"
                + " AND node = ?", List.of(Outcome.PENDING.label(), node), rs -> instant(rs, "at"));
        at.forEach(rollups::forgetAround);
        return jdbc.update("mark abandoned actions", "UPDATE action SET outcome = ?, error = ?, finished_at = ?"
                + " WHERE outcome = ? AND node = ?", Outcome.UNKNOWN.label(), ABANDONED_NOTE, ts(now),
                Outcome.PENDING.label(), node);
    }

    /** Records an action about to be taken, committed before the server is called; returns its id. */
    public long recordIntent(Intent intent) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(ActionRows.INSERT, Statement.RETURN_GENERATED_KEYS)) {
            rows.bind(ps, intent);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot record " + intent.action().label() + " of " + intent.session()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records several actions about to be taken, committed before any of their servers is called;
     * returns their ids in the order given. All or none are recorded. The intents of concurrent
     * callers are committed together by one writer thread (group commit).
     */
    public long[] recordIntents(List<Intent> intents) {
        return intents.isEmpty() ? new long[0] : groupCommit.intents(intents);
    }

    /** Records what came of several actions, committed when this returns (together with concurrent callers'). */
    public void recordOutcomes(List<RecordedOutcome> outcomes) {
        if (!outcomes.isEmpty()) {
            groupCommit.outcomes(outcomes);
        }
    }

    /** Records what came of an action. */
    public void recordOutcome(long id, Outcome outcome, String error, Instant finishedAt) {
        jdbc.update("record the outcome of action " + id, ActionRows.UPDATE_OUTCOME,
                outcome.label(), truncate(error, 2000), ts(finishedAt), id);
    }

    /** Records one sweep of one server. */
    public void recordSweep(String server, Instant at, int sessionsSeen, long durationMillis, String error) {
        recordSweep(server, at, null, sessionsSeen, durationMillis, error);
    }

    /** Records one sweep of one server, fired by Quartz for {@code scheduledAt} (null: not by a trigger). */
    public void recordSweep(String server, Instant at, Instant scheduledAt, int sessionsSeen, long durationMillis,
            String error) {
        jdbc.update("record a sweep of " + server,
                "INSERT INTO sweep (server, at, scheduled_at, sessions_seen, duration_ms, error, node) VALUES (?,?,?,?,?,?,?)",
                server, ts(at), ts(scheduledAt), sessionsSeen, durationMillis, truncate(error, 2000), node);
    }

    /**
     * Whether a warning of {@code rule} announcing {@code due} was already recorded for the session,
     * by any node, and did not fail: a cluster warns a session once per limit.
     */
    public boolean warned(String server, int sessionId, String rule, Instant due) {
        String sql = "SELECT COUNT(*) FROM action WHERE server = ? AND session_id = ? AND action = ? AND rule = ?"
                + " AND due_at = ? AND outcome <> ?";
        return jdbc.query("read the history", sql, List.of(server, sessionId, ActionType.WARN.label(), rule, ts(due),
                Outcome.FAILED.label()), rs -> rs.getLong(1)).get(0) > 0;
    }

    /** Records a rule or configuration reload. */
    public void recordReload(Instant at, String what, boolean ok, String detail) {
        jdbc.update("record a reload", "INSERT INTO reload (at, what, ok, detail, node) VALUES (?,?,?,?,?)",
                ts(at), what, ok, truncate(detail, 4000), node);
    }

    /** The recorded actions matching {@code filter}, oldest first; every filter value is a bound parameter. */
    public List<HistoryEntry> query(HistoryFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM action WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (f.since() != null) { sql.append(" AND at >= ?"); args.add(ts(f.since())); }
        if (f.until() != null) { sql.append(" AND at < ?"); args.add(ts(f.until())); }
        if (f.server() != null) { sql.append(" AND LOWER(server) = LOWER(?)"); args.add(f.server()); }
        if (f.user() != null) { sql.append(" AND LOWER(user_name) = LOWER(?)"); args.add(f.user()); }
        if (f.action() != null) { sql.append(" AND action = ?"); args.add(f.action().label()); }
        if (f.rule() != null) { sql.append(" AND LOWER(rule) = LOWER(?)"); args.add(f.rule()); }
        if (f.outcome() != null) { sql.append(" AND outcome = ?"); args.add(f.outcome().label()); }
        if (f.limit() > 0) {
            // The newest N, still printed oldest first.
            sql.insert(0, "SELECT * FROM (").append(" ORDER BY at DESC, id DESC LIMIT ?) newest");
            args.add(f.limit());
        }
        sql.append(" ORDER BY at, id");
        return jdbc.query("read the history", sql.toString(), args, HistoryStore::entry);
    }

    /** Records the users {@code sessions} show connected, once per connection (see {@code connection_seen}). */
    public void recordConnections(ServerName server, List<Session> sessions, Instant at) {
        connections.record(server, sessions, at);
    }

    /** Deletes what is older than {@code cutoff} and records the purge; returns what was deleted. */
    public Purge purge(Instant cutoff, Instant now) {
        Object c = ts(cutoff);
        long actions = jdbc.update("purge actions", "DELETE FROM action WHERE at < ? AND outcome <> ?", c,
                Outcome.PENDING.label());
        long sweeps = jdbc.update("purge sweeps", "DELETE FROM sweep WHERE at < ?", c);
        long seen = jdbc.update("purge connections", "DELETE FROM connection_seen WHERE connected_at < ?", c);
        long reloads = jdbc.update("purge reloads", "DELETE FROM reload WHERE at < ?", c);
        rollups.forgetBefore(cutoff);
        Purge purge = new Purge(now, cutoff, actions, sweeps, seen, reloads);
        jdbc.update("record the purge", "INSERT INTO purge_run (at, cutoff, actions_deleted, sweeps_deleted,"
                + " connections_deleted, reloads_deleted, node) VALUES (?,?,?,?,?,?,?)", ts(now), c, actions, sweeps,
                seen, reloads, node);
        return purge;
    }

    /** The recorded purges, oldest first. */
    public List<Purge> purges() {
        return jdbc.query("read the purges", "SELECT * FROM purge_run ORDER BY at, id", List.of(),
                rs -> new Purge(Jdbc.instant(rs, "at"), Jdbc.instant(rs, "cutoff"), rs.getLong("actions_deleted"),
                        rs.getLong("sweeps_deleted"), rs.getLong("connections_deleted"), rs.getLong("reloads_deleted")));
    }

    /** When this node last recorded a sweep, or null when it never did: how long the daemon was away. */
    public Instant lastSweepAt() {
        return lastSweepAt(false);
    }

    /**
     * When this node, or with {@code anyNode} any node of a cluster, last recorded a sweep; null when
     * none did. A cluster was away only while all its nodes were.
     */
    public Instant lastSweepAt(boolean anyNode) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(anyNode ? "SELECT MAX(at) FROM sweep"
                        : "SELECT MAX(at) FROM sweep WHERE node = ?")) {
            if (!anyNode) {
                ps.setString(1, node);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot read the history: " + e.getMessage(), e);
        }
    }

    /** How many sweeps were recorded, for tests and reports. */
    public long countSweeps() {
        return jdbc.query("count the sweeps", "SELECT COUNT(*) FROM sweep", List.of(), rs -> rs.getLong(1)).get(0);
    }

    static HistoryEntry entry(ResultSet rs) throws SQLException {
        long idle = rs.getLong("idle_seconds");
        Long idleSeconds = rs.wasNull() ? null : idle;
        return new HistoryEntry(rs.getLong("id"), instant(rs, "at"), rs.getString("server"), rs.getInt("session_id"),
                rs.getString("user_name"), rs.getString("domain"), rs.getString("client"), rs.getString("station"),
                ActionType.parse(rs.getString("action")), rs.getString("rule"), rs.getString("reason"),
                Source.parse(rs.getString("source")), rs.getBoolean("what_if"), idleSeconds,
                Outcome.parse(rs.getString("outcome")), rs.getString("error"), instant(rs, "finished_at"),
                rs.getString("node"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Jdbc.instant(rs, column);
    }

    private static OffsetDateTime ts(Instant i) {
        return Jdbc.ts(i);
    }

    private static String truncate(String s, int max) {
        return Jdbc.truncate(s, max);
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
