package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded action as stored: its intent and, once known, its outcome.
 *
 * @param profile the session's profile ({@code policy.profiles}), or null for none
 */
public record HistoryEntry(
        long id,
        Instant at,
        String server,
        int sessionId,
        String user,
        String domain,
        String client,
        String station,
        ActionType action,
        String rule,
        String reason,
        Source source,
        boolean whatIf,
        Long idleSeconds,
        Outcome outcome,
        String error,
        Instant finishedAt,
        String node,
        String profile) {

    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The entry in the current row of {@code rs}, a row of {@code action}. */
    public static HistoryEntry read(ResultSet rs) throws SQLException {
        long idle = rs.getLong("idle_seconds");
        Long idleSeconds = rs.wasNull() ? null : idle;
        return new HistoryEntry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("server"),
                rs.getInt("session_id"), rs.getString("user_name"), rs.getString("domain"), rs.getString("client"),
                rs.getString("station"), ActionType.parse(rs.getString("action")), rs.getString("rule"),
                rs.getString("reason"), Source.parse(rs.getString("source")), rs.getBoolean("what_if"), idleSeconds,
                Outcome.parse(rs.getString("outcome")), rs.getString("error"), Jdbc.instant(rs, "finished_at"),
                rs.getString("node"), rs.getString("profile"));
    }
}
