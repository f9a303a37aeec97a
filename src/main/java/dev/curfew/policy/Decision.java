package dev.curfew.policy;

import dev.curfew.session.Session;
import java.time.Instant;
import java.util.Objects;

/**
 * What a rule asks for one session: the action, the rule's name, a reason a person can read, and
 * when it is due. A warning is due when the action it {@code announces} will happen; for the
 * other actions {@code announces} is the action itself.
 */
public record Decision(Session session, ActionType action, String rule, String reason, Instant due, ActionType announces) {

    public Decision {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(rule, "rule");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(due, "due");
        announces = announces == null ? action : announces;
    }

    public Decision(Session session, ActionType action, String rule, String reason, Instant due) {
        this(session, action, rule, reason, due, action);
    }

    /** One line for logs: {@code disconnect ms01#2 (SCHOOL\alice) by "idle limit": idle 30m}. */
    public String describe() {
        return action.label() + " " + session + " by \"" + rule + "\"" + (reason.isEmpty() ? "" : ": " + reason);
    }
}
