package dev.curfew.action;

import dev.curfew.history.Outcome;
import dev.curfew.policy.Decision;

/** What came of one decision; {@code historyId} is 0 when nothing was recorded (a protected session). */
public record ActionResult(Decision decision, Outcome outcome, String error, long historyId) {

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
