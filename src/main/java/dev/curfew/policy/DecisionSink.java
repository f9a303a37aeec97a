package dev.curfew.policy;

import dev.curfew.config.Durations;
import dev.curfew.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The global {@code decisions} that rules write to. Rules call {@link #act} and {@link #warn}, and
 * {@link #dueAt} to say when they will act next; nothing in a rule touches a server or the history.
 * The daemon checks a session again at each instant a rule gave (a warning's due instant, or
 * {@code dueAt}), so an action comes on time whatever the sweep interval.
 *
 * <pre>
 * then
 *     decisions.act($s, $p.idle().action(), "idle limit", "idle " + DecisionSink.human($s.idleSeconds()));
 *     decisions.dueAt($s, $s.lastInputTime().plusSeconds(600), "lab lessons");
 * </pre>
 */
public final class DecisionSink {
    private final List<Decision> decisions = new ArrayList<>();
    private final List<Due> due = new ArrayList<>();
    private final Instant now;

    DecisionSink(Instant now) {
        this.now = now;
    }

    /** Asks for {@code action} on the session now. */
    public void act(Session session, ActionType action, String rule, String reason) {
        decisions.add(new Decision(session, action, rule, reason, now, action));
    }

    /** Warns the session that {@code action} will happen at {@code due}, when it is checked again. */
    public void warn(Session session, ActionType action, String rule, String reason, Instant due) {
        decisions.add(new Decision(session, ActionType.WARN, rule, reason, due, action));
        dueAt(session, due, rule);
    }

    /**
     * Says that {@code rule} will act on the session at {@code at} if nothing changes, so that it is
     * checked again then; an instant not after the sweep's is ignored.
     */
    public void dueAt(Session session, Instant at, String rule) {
        if (at != null && at.isAfter(now)) {
            due.add(new Due(session, at, rule));
        }
    }

    /** A duration in seconds written for people, for reasons: {@code 31m20s}. */
    public static String human(long seconds) {
        return Durations.format(Duration.ofSeconds(seconds));
    }

    List<Decision> decisions() {
        return decisions;
    }

    List<Due> due() {
        return due;
    }
}
