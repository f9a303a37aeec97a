package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code closing_run} rows: a row when a server's closing begins on a node, its end written
 * when it is done. A closing begun and never finished (its node was killed) is found by a daemon
 * that starts again, which finishes it.
 *
 * <pre>{@code
 * long run = history.closings().started("ts1", at, now);
 * history.closings().finished("ts1", at, clock.instant());
 * history.closings().toResume(at, servers);   // at start: the servers whose closing of at is owed
 * }</pre>
 */
public final class ClosingRuns {
    private final Jdbc jdbc;
    private final String node;

    ClosingRuns(Jdbc jdbc, String node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /** Records that this node begins the closing of {@code at} on {@code server}. */
    public void started(String server, Instant at, Instant now) {
        jdbc.update("record the closing of " + server, "INSERT INTO closing_run (server, closing_at, started_at, node)"
                + " VALUES (?,?,?,?)", server, Jdbc.ts(at), Jdbc.ts(now), node);
    }

    /** Records that the closing of {@code at} on {@code server} is done, whichever node began it. */
    public void finished(String server, Instant at, Instant now) {
        jdbc.update("record the end of the closing of " + server, "UPDATE closing_run SET finished_at = ?"
                + " WHERE server = ? AND closing_at = ? AND finished_at IS NULL", Jdbc.ts(now), server, Jdbc.ts(at));
    }

    /**
     * Releases the keys of the disconnects and logoffs of a closing in doubt: recorded, and their
     * node stopped before recording what came of them (unknown; or pending on another node, which
     * died). The closing run again reads who is still connected and acts only on them; returns how
     * many keys were released. {@code keyPrefix} names the closing's keys on one server.
     */
    public int releaseInDoubt(String keyPrefix) {
        return jdbc.update("release the actions in doubt of " + keyPrefix, "UPDATE action SET once_key = NULL"
                + " WHERE once_key LIKE ? AND action <> ? AND (outcome = ? OR (outcome = ? AND node <> ?))",
                keyPrefix.replace("%", "\\%").replace("_", "\\_") + "%", ActionType.WARN.label(),
                Outcome.UNKNOWN.label(), Outcome.PENDING.label(), node);
    }

    /**
     * Of {@code servers}, those whose closing of {@code at} this node owes: it began closings of
     * {@code at} (so it was running then), and the server's was not finished by any node nor is
     * begun by another (one that is still running finishes it; one that died, Quartz recovers).
     * Empty when this node began no closing of {@code at}.
     */
    public List<String> toResume(Instant at, List<String> servers) {
        List<Object> args = List.of(Jdbc.ts(at));
        List<String[]> rows = jdbc.query("read the closings of " + at, "SELECT server, node, finished_at IS NOT NULL"
                + " FROM closing_run WHERE closing_at = ?", args,
                rs -> new String[] {rs.getString(1), rs.getString(2), Boolean.toString(rs.getBoolean(3))});
        if (rows.stream().noneMatch(r -> r[1].equals(node))) {
            return List.of();
        }
        Set<String> settled = new HashSet<>();
        for (String[] r : rows) {
            if (Boolean.parseBoolean(r[2]) || !r[1].equals(node)) {
                settled.add(r[0]);
            }
        }
        return servers.stream().filter(s -> !settled.contains(s)).toList();
    }
}
