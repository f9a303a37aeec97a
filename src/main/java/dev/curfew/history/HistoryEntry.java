package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.time.Instant;
import java.util.Objects;

/** One recorded action as stored: its intent and, once known, its outcome. */
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
        String node) {

    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
