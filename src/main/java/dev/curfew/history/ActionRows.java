package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** The statements that write the {@code action} table: intents inserted as pending, outcomes updated in place. */
final class ActionRows {
    static final String INSERT = "INSERT INTO action (at, server, session_id, user_name, domain, client,"
            + " station, action, rule, reason, source, what_if, idle_seconds, outcome, node, due_at, profile)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static final String UPDATE_OUTCOME = "UPDATE action SET outcome = ?, error = ?, finished_at = ? WHERE id = ?";

    private final String node;
    /** Whether the database is PostgreSQL, which gets its own statements: decided by the first write's connection. */
    private volatile Boolean postgres;

    ActionRows(String node) {
        this.node = node;
    }

    /**
     * Inserts the intents on {@code c}, in its transaction, as one JDBC batch (on PostgreSQL as one
     * statement over arrays, see {@link ActionArrays}); returns their ids in order.
     */
    long[] insert(Connection c, List<Intent> intents) throws SQLException {
        if (postgres(c)) {
            return ActionArrays.insert(c, intents, node);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (Intent intent : intents) {
                bind(ps, intent);
                ps.addBatch();
            }
            ps.executeBatch();
            long[] ids = new long[intents.size()];
            int n = 0;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (n < ids.length && keys.next()) {
                    ids[n++] = keys.getLong(1);
                }
            }
            if (n != ids.length) {
                throw new SQLException("the database returned " + n + " ids for " + ids.length + " rows");
            }
            return ids;
        }
    }

    /** Updates the outcomes on {@code c}, in its transaction, as one JDBC batch (on PostgreSQL as one statement). */
    void update(Connection c, List<RecordedOutcome> outcomes) throws SQLException {
        if (postgres(c)) {
            ActionArrays.update(c, outcomes);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE_OUTCOME)) {
            for (RecordedOutcome o : outcomes) {
                ps.setString(1, o.outcome().label());
                ps.setString(2, Jdbc.truncate(o.error(), 2000));
                ps.setObject(3, Jdbc.ts(o.finishedAt()));
                ps.setLong(4, o.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private boolean postgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            postgres = known;
        }
        return known;
    }

    void bind(PreparedStatement ps, Intent intent) throws SQLException {
        var s = intent.session();
        Duration idle = s.idle();
        ps.setObject(1, Jdbc.ts(intent.at()));
        ps.setString(2, s.server().value());
        ps.setInt(3, s.id());
        ps.setString(4, s.user());
        ps.setString(5, s.domain());
        ps.setString(6, s.clientName());
        ps.setString(7, s.station());
        ps.setString(8, intent.action().label());
        ps.setString(9, intent.rule());
        ps.setString(10, Jdbc.truncate(intent.reason(), 1000));
        ps.setString(11, intent.source().label());
        ps.setBoolean(12, intent.whatIf());
        ps.setObject(13, idle == null ? null : idle.getSeconds());
        ps.setString(14, Outcome.PENDING.label());
        ps.setString(15, node);
        ps.setObject(16, Jdbc.ts(intent.due()));
        ps.setString(17, s.profile().isEmpty() ? null : s.profile());
    }

    /** What a failed write was about, for its message: {@code record disconnect of ms01#2} or {@code record 50 actions (...)}. */
    static String what(List<Intent> intents, List<RecordedOutcome> outcomes) {
        if (intents.size() == 1) {
            return "record " + intents.get(0).action().label() + " of " + intents.get(0).session();
        }
        if (!intents.isEmpty()) {
            return "record " + intents.size() + " actions (the first: " + intents.get(0).action().label() + " of "
                    + intents.get(0).session() + ")";
        }
        return "record the outcomes of " + outcomes.size() + " actions";
    }
}
