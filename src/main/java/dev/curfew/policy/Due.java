package dev.curfew.policy;

import dev.curfew.session.Session;
import java.time.Instant;
import java.util.Objects;

/**
 * When a rule will next act on a session if nothing changes: the daemon checks the session again
 * at that instant instead of waiting for the next sweep. A warning is due when the action it
 * announces will happen; a rule says other instants with {@link DecisionSink#dueAt}.
 */
public record Due(Session session, Instant at, String rule) {

    public Due {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(rule, "rule");
    }
}
