package dev.curfew.policy;

import dev.curfew.config.Durations;
import dev.curfew.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The global {@code decisions} that rules write to. Rules call {@link #act} and {@link #warn};
 * nothing in a rule touches a server or the history.
 *
 * <pre>
 * then
 *     decisions.act($s, $p.idle().action(), "idle limit", "idle " + DecisionSink.human($s.idleSeconds()));
 * </pre>
 */
public final class DecisionSink {
    private final List<Decision> decisions = new ArrayList<>();
    private final Instant now;

    DecisionSink(Instant now) {
        this.now = now;
    }

    /** Asks for {@code action} on the session now. */
    public void act(Session session, ActionType action, String rule, String reason) {
        decisions.add(new Decision(session, action, rule, reason, now, action));
    }

    /** Warns the session that {@code action} will happen at {@code due}. */
    public void warn(Session session, ActionType action, String rule, String reason, Instant due) {
        decisions.add(new Decision(session, ActionType.WARN, rule, reason, due, action));
    }

    /** A duration in seconds written for people, for reasons: {@code 31m20s}. */
    public static String human(long seconds) {
        return Durations.format(Duration.ofSeconds(seconds));
    }

    List<Decision> decisions() {
        return decisions;
    }
}
