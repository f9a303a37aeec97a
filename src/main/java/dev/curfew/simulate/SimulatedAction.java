package dev.curfew.simulate;

import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import java.time.Instant;
import java.util.Objects;

/**
 * One action the simulation took: when, on which session, what, by which rule, and what came of it.
 *
 * @param profile the session's profile ({@code policy.profiles}), empty for none
 */
public record SimulatedAction(Instant at, ServerName server, int session, String user, ActionType action,
        String rule, String reason, Outcome outcome, String profile) {

    public SimulatedAction {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        profile = profile == null ? "" : profile;
    }
}
