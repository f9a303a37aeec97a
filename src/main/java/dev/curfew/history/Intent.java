package dev.curfew.history;

import dev.curfew.policy.ActionType;
import dev.curfew.session.Session;
import java.time.Instant;

/**
 * An action about to be taken, as recorded before the server is called.
 *
 * @param due for a warning, the instant of the action it announces (a session is warned once per
 *     such instant, whichever daemon of a cluster sweeps it); null otherwise
 * @param key what the action does, once: of two intents with one key only the first is recorded
 *     and carried out, on whichever node (see {@code action.OnceKeys}); null for no such limit
 */
public record Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
        boolean whatIf, Instant due, String key) {

    public Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
            boolean whatIf, Instant due) {
        this(at, session, action, rule, reason, source, whatIf, due, null);
    }

    public Intent(Instant at, Session session, ActionType action, String rule, String reason, Source source,
            boolean whatIf) {
        this(at, session, action, rule, reason, source, whatIf, null, null);
    }
}
