package dev.curfew.history;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

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
    private final ActionRows rows;
    private final GroupCommit groupCommit;
    private final ClosingRuns closings;
    private volatile java.util.function.LongConsumer sweepCommitted = nanos -> { };

    public HistoryStore(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
        this.jdbc = new Jdbc(dataSource);
        this.connections = new ConnectionLog(jdbc, node);
        this.rows = new ActionRows(node);
        this.groupCommit = new GroupCommit(dataSource, rows, CLOSE_TIMEOUT);
        this.closings = new ClosingRuns(jdbc, node);
    }

    /** The closings begun and finished, by server and closing instant; the actions of one in doubt. */
    public ClosingRuns closings() {
        return closings;
    }

    /**
     * Writes the outcomes and intents still queued, then stops the writer thread; waits at most 10 s.
     * Close it before its data source. Idempotent.
     */
    @Override
    public void close() {
        groupCommit.close();
    }

    /**
     * Tells {@code nanos} how long each commit of action rows (a group of intents or outcomes) and of a
     * sweep's row took; for the daemon's metrics and health.
     */
    public void onCommit(java.util.function.LongConsumer nanos) {
        groupCommit.onCommit(nanos);
        sweepCommitted = nanos;
    }

    /** The batches of action rows waiting to be written. */
    public int queued() {
        return groupCommit.queued();
    }

    public String node() {
        return node;
    }

    /** A pooled data source for {@code url}; an H2 file database under {@code dataDir} when url is null. */
    public static HikariDataSource dataSource(String url, String user, String password, Path dataDir) {
        return HistoryDatabase.dataSource(url, user, password, dataDir, false);
    }

    /** As {@link HistoryDatabase#dataSource}: for a {@code command}, opened at once and not compacted at its end. */
    public static HikariDataSource dataSource(String url, String user, String password, Path dataDir,
            boolean command) {
        return HistoryDatabase.dataSource(url, user, password, dataDir, command);
    }

    /** Brings the schema to the current version (see {@link HistoryDatabase#migrate}). */
    public void migrate() {
        HistoryDatabase.migrate(dataSource);
    }

    /** Whether every migration up to {@link HistoryDatabase#SCHEMA_VERSION} was applied and none failed. */
    boolean current() {
        return HistoryDatabase.current(dataSource);
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
        at.forEach(i -> jdbc.update("forget the report roll-ups around " + i,
                "DELETE FROM report_rollup WHERE start_at <= ? AND end_at > ?", ts(i), ts(i)));
        return jdbc.update("mark abandoned actions", "UPDATE action SET outcome = ?, error = ?, finished_at = ?"
                + " WHERE outcome = ? AND node = ?", Outcome.UNKNOWN.label(), ABANDONED_NOTE, ts(now),
                Outcome.PENDING.label(), node);
    }

    /**
     * Records an action about to be taken, committed before the server is called; returns its id, or
     * 0 when its key is taken (the action is done or under way elsewhere: it must not be taken).
     */
    public long recordIntent(Intent intent) {
        try {
            return Jdbc.inTransaction(dataSource, c -> rows.insert(c, List.of(intent)))[0];
        } catch (SQLException e) {
            throw new HistoryException("cannot record " + intent.action().label() + " of " + intent.session()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records several actions about to be taken, committed before any of their servers is called;
     * returns their ids in the order given, 0 for one whose key is taken (see {@link Intent#key}),
     * which must not be carried out. All or none are recorded. The intents of concurrent
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
                outcome.label(), truncate(error, 2000), ts(finishedAt), outcome == Outcome.FAILED, id);
    }

    /** Records one sweep of one server. */
    public void recordSweep(String server, Instant at, int sessionsSeen, long durationMillis, String error) {
        recordSweep(server, at, null, sessionsSeen, durationMillis, error);
    }

    /** Records one sweep of one server, fired by Quartz for {@code scheduledAt} (null: not by a trigger). */
    public void recordSweep(String server, Instant at, Instant scheduledAt, int sessionsSeen, long durationMillis,
            String error) {
        long t0 = System.nanoTime();
        jdbc.update("record a sweep of " + server,
                "INSERT INTO sweep (server, at, scheduled_at, sessions_seen, duration_ms, error, node) VALUES (?,?,?,?,?,?,?)",
                server, ts(at), ts(scheduledAt), sessionsSeen, durationMillis, truncate(error, 2000), node);
        sweepCommitted.accept(System.nanoTime() - t0);
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

    /** Records that the directory stopped answering ({@code up} false, with what it said) or answers again. */
    public void recordDirectory(Instant at, boolean up, String detail) {
        jdbc.update("record the directory's status", "INSERT INTO directory_status (at, up, detail, node) VALUES (?,?,?,?)",
                ts(at), up, truncate(detail, 2000), node);
    }

    /** The directory's recorded outages and recoveries, oldest first, as {@code down: detail} or {@code up}. */
    public List<String> directoryStatus() {
        return jdbc.query("read the directory's status", "SELECT up, detail FROM directory_status ORDER BY at, id",
                List.of(), rs -> rs.getBoolean(1) ? "up" : "down: " + rs.getString(2));
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
        // The *_key columns hold the values lower-cased by the database as rows are written (V7), indexed.
        if (f.server() != null) { sql.append(" AND server_key = LOWER(?)"); args.add(f.server()); }
        if (f.user() != null) { sql.append(" AND user_key = LOWER(?)"); args.add(f.user()); }
        if (f.action() != null) { sql.append(" AND action = ?"); args.add(f.action().label()); }
        if (f.rule() != null) { sql.append(" AND rule_key = LOWER(?)"); args.add(f.rule()); }
        if (f.outcome() != null) { sql.append(" AND outcome = ?"); args.add(f.outcome().label()); }
        if (f.limit() > 0) {
            // The newest N, still printed oldest first.
            sql.insert(0, "SELECT * FROM (").append(" ORDER BY at DESC, id DESC LIMIT ?) newest");
            args.add(f.limit());
        }
        sql.append(" ORDER BY at, id");
        return jdbc.query("read the history", sql.toString(), args, HistoryEntry::read);
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
        jdbc.update("purge closing runs", "DELETE FROM closing_run WHERE closing_at < ?", c);
        // The directory's outages are kept as long as the sweeps they explain; not counted in purge_run.
        jdbc.update("purge the directory's status", "DELETE FROM directory_status WHERE at < ?", c);
        // Report roll-ups are derived from the rows: those of stretches the purge cut into go with them.
        jdbc.update("forget report roll-ups before " + cutoff, "DELETE FROM report_rollup WHERE start_at < ?", c);
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Jdbc.instant(rs, column);
    }

    private static OffsetDateTime ts(Instant i) {
        return Jdbc.ts(i);
    }

    private static String truncate(String s, int max) {
        return Jdbc.truncate(s, max);
    }
}
