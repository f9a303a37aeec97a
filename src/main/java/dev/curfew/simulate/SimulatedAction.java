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
 * @param programs the session's programs when its processes were listed, else empty
 * @param cpuSeconds the CPU time its processes used since the sweep before; -1 when unknown
 */
public record SimulatedAction(Instant at, ServerName server, int session, String user, ActionType action,
        String rule, String reason, Outcome outcome, String profile, java.util.List<String> programs,
        double cpuSeconds) {

    public SimulatedAction(Instant at, ServerName server, int session, String user, ActionType action,
            String rule, String reason, Outcome outcome, String profile) {
        this(at, server, session, user, action, rule, reason, outcome, profile, java.util.List.of(), -1);
    }

    public SimulatedAction {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        profile = profile == null ? "" : profile;
        programs = programs == null ? java.util.List.of() : java.util.List.copyOf(programs);
    }
}
