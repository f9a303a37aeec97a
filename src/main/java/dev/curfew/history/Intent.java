package dev.curfew.history;

import dev.curfew.policy.ActionType;
import dev.curfew.session.Session;
import java.time.Instant;

/** An action about to be taken, as recorded before the server is called. */
public record Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
        boolean whatIf) {
}
