package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The statements that write the {@code action} table: intents inserted as pending, outcomes updated in place. */
final class ActionRows {
    static final String INSERT = "INSERT INTO action (at, server, session_id, user_name, domain, client,"
            + " station, action, rule, reason, source, what_if, idle_seconds, outcome, node, due_at, profile, once_key)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    /** A failed action's key is released (set to null): the action was not taken and may be tried again. */
    static final String UPDATE_OUTCOME = "UPDATE action SET outcome = ?, error = ?, finished_at = ?,"
            + " once_key = CASE WHEN ? THEN NULL ELSE once_key END WHERE id = ?";
    /** Keys looked up per statement: H2 reads an IN list through the index, an {@code = ANY(array)} by a scan. */
    private static final int TAKEN_PER_QUERY = 500;

    private final String node;
    /** Whether the database is PostgreSQL, which gets its own statements: decided by the first write's connection. */
    private volatile Boolean postgres;

    ActionRows(String node) {
        this.node = node;
    }

    /**
     * Inserts the intents on {@code c}, in its transaction, as one JDBC batch (on PostgreSQL as one
     * statement over arrays, see {@link ActionArrays}); returns their ids in order, 0 for an intent
     * not inserted because its key is already taken (by an earlier row, or one before it in the list).
     *
     * <p>On H2 the keys already taken are read first, in the same transaction: one process holds an
     * H2 file, and its writes go through one thread ({@link GroupCommit}). The unique index still
     * refuses a duplicate another connection would slip in between, failing the whole group.
     */
    long[] insert(Connection c, List<Intent> intents) throws SQLException {
        if (postgres(c)) {
            return ActionArrays.insert(c, intents, node);
        }
        Set<String> taken = taken(c, intents);
        long[] ids = new long[intents.size()];
        List<Integer> inserted = new ArrayList<>(intents.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < intents.size(); i++) {
                Intent intent = intents.get(i);
                if (intent.key() == null || taken.add(intent.key())) {
                    bind(ps, intent);
                    ps.addBatch();
                    inserted.add(i);
                }
            }
            if (inserted.isEmpty()) {
                return ids;
            }
            ps.executeBatch();
            int n = 0;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (n < inserted.size() && keys.next()) {
                    ids[inserted.get(n++)] = keys.getLong(1);
                }
            }
            if (n != inserted.size()) {
                throw new SQLException("the database returned " + n + " ids for " + inserted.size() + " rows");
            }
            return ids;
        }
    }

    /** The keys of {@code intents} that rows already hold. */
    private static Set<String> taken(Connection c, List<Intent> intents) throws SQLException {
        List<String> keys = intents.stream().map(Intent::key).filter(Objects::nonNull).distinct().toList();
        Set<String> taken = new HashSet<>();
        for (int from = 0; from < keys.size(); from += TAKEN_PER_QUERY) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + TAKEN_PER_QUERY));
            String sql = "SELECT once_key FROM action WHERE once_key IN (" + "?,".repeat(part.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add(rs.getString(1));
                    }
                }
            }
        }
        return taken;
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
                ps.setBoolean(4, o.outcome() == Outcome.FAILED);
                ps.setLong(5, o.id());
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
        ps.setString(18, intent.key());
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
