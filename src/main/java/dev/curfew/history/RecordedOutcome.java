package dev.curfew.history;

import java.time.Instant;
import java.util.Objects;

/** What came of the recorded action {@code id}, for {@link HistoryStore#recordOutcomes}. */
public record RecordedOutcome(long id, Outcome outcome, String error, Instant finishedAt) {
    public RecordedOutcome {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
