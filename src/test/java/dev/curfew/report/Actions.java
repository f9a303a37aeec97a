package dev.curfew.report;

import dev.curfew.history.H2Extension;
import dev.curfew.history.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Writes actions and observed connections into a test's history as the daemon would have, with ids in order. */
final class Actions {
    private final H2Extension h2;
    private long nextId = 1;

    Actions(H2Extension h2) {
        this.h2 = h2;
    }

    long insert(Instant at, String server, String user, String action, String rule, String outcome, boolean whatIf,
            Long idle) throws SQLException {
        long id = nextId++;
        execute("INSERT INTO action (id, at, server, session_id, user_name, domain, client, station, action, rule,"
                + " reason, source, what_if, idle_seconds, outcome, node) VALUES (?,?,?,?,?,'D','PC','RDP',?,?,'why',"
                + "'policy',?,?,?,'node1')", id, at.atOffset(ZoneOffset.UTC), server, (int) (id % 7), user, action,
                rule, whatIf, idle, outcome);
        return id;
    }

    void seen(String server, String user, Instant connectedAt) throws SQLException {
        execute("MERGE INTO connection_seen (server, session_id, user_name, domain, client, connected_at, first_seen,"
                + " node) KEY (server, session_id, user_name, connected_at) VALUES (?,1,?,'D','PC',?,?,'node1')", server,
                user, connectedAt.atOffset(ZoneOffset.UTC), connectedAt.atOffset(ZoneOffset.UTC));
    }

    void execute(String sql, Object... args) throws SQLException {
        try (Connection c = h2.store().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    long count(String sql) {
        return new Jdbc(h2.store().dataSource()).query("count", sql, List.of(), rs -> rs.getLong(1)).get(0);
    }
}
