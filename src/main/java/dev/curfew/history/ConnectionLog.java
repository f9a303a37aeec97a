package dev.curfew.history;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@code connection_seen} row the first time a sweep sees a user connected to a session
 * since a given instant. It remembers what each server's previous sweep showed, so a sweep that
 * finds nothing new writes nothing; after a restart the insert skips rows already there. The new
 * rows of one sweep are one batch in one transaction: a commit per row cost PostgreSQL a WAL flush
 * each, and a daemon's first sweeps (every connection new) ran long enough to delay a closing.
 */
final class ConnectionLog {
    private static final String INSERT = "INSERT INTO connection_seen (server, session_id, user_name, domain, client,"
            + " connected_at, first_seen, node) SELECT ?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM connection_seen"
            + " WHERE server = ? AND session_id = ? AND user_name = ? AND connected_at = ?)";

    private final Jdbc jdbc;
    private final String node;
    private final Map<ServerName, Set<Key>> previous = new ConcurrentHashMap<>();

    ConnectionLog(Jdbc jdbc, String node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    private record Key(int sessionId, String user, Instant connectedAt) {
    }

    void record(ServerName server, List<Session> sessions, Instant at) {
        Set<Key> now = new HashSet<>();
        Set<Key> before = previous.getOrDefault(server, Set.of());
        List<List<Object>> rows = new ArrayList<>();
        for (Session s : sessions) {
            Instant since = s.connectedSince();
            if (s.user().isEmpty() || !s.state().isConnected() || since == null) {
                continue;
            }
            Key key = new Key(s.id(), s.user(), since);
            now.add(key);
            if (!before.contains(key)) {
                Object t = Jdbc.ts(since);
                rows.add(Arrays.asList(server.value(), s.id(), s.user(), s.domain(), s.clientName(), t, Jdbc.ts(at), node,
                        server.value(), s.id(), s.user(), t));
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batch("record " + rows.size() + " connections seen on " + server, INSERT, rows);
        }
        previous.put(server, now);
    }
}
