package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.time.Instant;

/** Which recorded actions to read; null fields do not filter. Values are bound, never spliced into SQL. */
public record HistoryFilter(
        Instant since,
        Instant until,
        String server,
        String user,
        ActionType action,
        String rule,
        Outcome outcome,
        int limit) {

    public static final HistoryFilter ALL = new HistoryFilter(null, null, null, null, null, null, null, 0);
}
