package dev.curfew.history;

import dev.curfew.policy.ActionType;
import dev.curfew.session.Session;
import java.time.Instant;

/**
 * An action about to be taken, as recorded before the server is called.
 *
 * @param due for a warning, the instant of the action it announces (a session is warned once per
 *     such instant, whichever daemon of a cluster sweeps it); null otherwise
 */
public record Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
        boolean whatIf, Instant due) {

    public Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
            boolean whatIf) {
        this(at, session, action, rule, reason, source, whatIf, null);
    }
}
