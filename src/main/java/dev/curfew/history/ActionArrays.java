package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The action rows of a group written the PostgreSQL way: the group's ids taken from the identity's
 * sequence, then one {@code INSERT ... SELECT FROM unnest(arrays)} and one {@code UPDATE ... FROM
 * unnest(arrays)}: each statement executed once for the group, where a JDBC batch executes it once
 * per row. The ids are taken first because the order of {@code RETURNING} is not defined, and each
 * caller must get its own rows' ids in order.
 *
 * <p>Times travel as ISO-8601 text in UTC ({@link Instant#toString()}) cast to {@code timestamptz[]}:
 * PostgreSQL parses it to the microsecond it keeps, whatever the session's time zone: the instant
 * the driver's {@code setObject(OffsetDateTime)} stores for the single-row statements.
 */
final class ActionArrays {
    static final String IDS = "SELECT nextval(pg_get_serial_sequence('action', 'id')) FROM generate_series(1, ?)";
    static final String INSERT = "INSERT INTO action (id, at, server, session_id, user_name, domain, client, station,"
            + " action, rule, reason, source, what_if, idle_seconds, outcome, node, due_at, profile, once_key)"
            + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::varchar[], ?::int[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
            + " ?::boolean[], ?::bigint[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[], ?::varchar[])"
            // A key another transaction holds makes this one wait for it: then skipped if it committed.
            + " ON CONFLICT DO NOTHING RETURNING id";
    static final String UPDATE = "UPDATE action SET outcome = u.outcome, error = u.error, finished_at = u.finished_at,"
            + " once_key = CASE WHEN u.outcome = 'failed' THEN NULL ELSE action.once_key END"
            + " FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::timestamptz[]) AS u(id, outcome, error,"
            + " finished_at) WHERE action.id = u.id";

    private ActionArrays() {
    }

    /**
     * Inserts the intents as pending rows of {@code node} on {@code c}, in its transaction; returns
     * their ids in order, 0 for an intent whose key a row already holds (one of this statement too).
     */
    static long[] insert(Connection c, List<Intent> intents, String node) throws SQLException {
        int n = intents.size();
        Long[] ids = ids(c, n);
        String[] at = new String[n];
        String[] server = new String[n];
        Integer[] sessionId = new Integer[n];
        String[] user = new String[n];
        String[] domain = new String[n];
        String[] client = new String[n];
        String[] station = new String[n];
        String[] action = new String[n];
        String[] rule = new String[n];
        String[] reason = new String[n];
        String[] source = new String[n];
        Boolean[] whatIf = new Boolean[n];
        Long[] idleSeconds = new Long[n];
        String[] outcome = new String[n];
        String[] nodes = new String[n];
        String[] due = new String[n];
        String[] profile = new String[n];
        String[] key = new String[n];
        for (int i = 0; i < n; i++) {
            Intent intent = intents.get(i);
            var s = intent.session();
            Duration idle = s.idle();
            at[i] = text(intent.at());
            server[i] = s.server().value();
            sessionId[i] = s.id();
            user[i] = s.user();
            domain[i] = s.domain();
            client[i] = s.clientName();
            station[i] = s.station();
            action[i] = intent.action().label();
            rule[i] = intent.rule();
            reason[i] = Jdbc.truncate(intent.reason(), 1000);
            source[i] = intent.source().label();
            whatIf[i] = intent.whatIf();
            idleSeconds[i] = idle == null ? null : idle.getSeconds();
            outcome[i] = Outcome.PENDING.label();
            nodes[i] = node;
            due[i] = text(intent.due());
            profile[i] = s.profile().isEmpty() ? null : s.profile();
            key[i] = intent.key();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int k = 0;
            ps.setArray(++k, c.createArrayOf("int8", ids));
            ps.setArray(++k, c.createArrayOf("text", at));
            ps.setArray(++k, c.createArrayOf("varchar", server));
            ps.setArray(++k, c.createArrayOf("int4", sessionId));
            for (String[] column : List.of(user, domain, client, station, action, rule, reason, source)) {
                ps.setArray(++k, c.createArrayOf("varchar", column));
            }
            ps.setArray(++k, c.createArrayOf("bool", whatIf));
            ps.setArray(++k, c.createArrayOf("int8", idleSeconds));
            ps.setArray(++k, c.createArrayOf("varchar", outcome));
            ps.setArray(++k, c.createArrayOf("varchar", nodes));
            ps.setArray(++k, c.createArrayOf("text", due));
            ps.setArray(++k, c.createArrayOf("varchar", profile));
            ps.setArray(++k, c.createArrayOf("varchar", key));
            Set<Long> inserted = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = inserted.contains(ids[i]) ? ids[i] : 0;
            }
            return out;
        }
    }

    /** Updates the outcomes on {@code c}, in its transaction. */
    static void update(Connection c, List<RecordedOutcome> outcomes) throws SQLException {
        int n = outcomes.size();
        Long[] id = new Long[n];
        String[] outcome = new String[n];
        String[] error = new String[n];
        String[] finishedAt = new String[n];
        for (int i = 0; i < n; i++) {
            RecordedOutcome o = outcomes.get(i);
            id[i] = o.id();
            outcome[i] = o.outcome().label();
            error[i] = Jdbc.truncate(o.error(), 2000);
            finishedAt[i] = text(o.finishedAt());
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setArray(1, c.createArrayOf("int8", id));
            ps.setArray(2, c.createArrayOf("varchar", outcome));
            ps.setArray(3, c.createArrayOf("varchar", error));
            ps.setArray(4, c.createArrayOf("text", finishedAt));
            ps.executeUpdate();
        }
    }

    /** {@code n} new ids of the action identity, ascending (one statement draws them in the order of its rows). */
    private static Long[] ids(Connection c, int n) throws SQLException {
        Long[] ids = new Long[n];
        try (PreparedStatement ps = c.prepareStatement(IDS)) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (i < n && rs.next()) {
                    ids[i++] = rs.getLong(1);
                }
                if (i != n) {
                    throw new SQLException("the database returned " + i + " ids for " + n + " rows");
                }
            }
        }
        return ids;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
