package dev.curfew.web;

import dev.curfew.http.Watch;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import dev.curfew.sweep.Sweeper;
import java.time.Instant;

/**
 * What curfew will do next to a session, and when, if nothing changes: from its server's last
 * verdict (the warning the rules gave it, announcing its action; the check due on it), and the
 * next closing. The earliest wins. For a check of one of the limits of the shipped rules the
 * action and its instant are the policy's ({@code idle limit} at its instant plus the warning's
 * lead); for a rule of one's own only the check's instant is known.
 *
 * @param action what will be done ({@code disconnect}, {@code logoff}, {@code warn}), or null for a check
 * @param at when, or null for nothing planned
 * @param rule the rule, or why nothing is planned ({@code protected: console session}, {@code exempt})
 */
record NextStep(String action, Instant at, String rule) {

    static NextStep of(Session s, Watch.Server server, Instant closing, Policy policy) {
        if (s.isProtected()) {
            return new NextStep(null, null, "protected: " + s.protectedReason());
        }
        NextStep next = null;
        Decision warned = server == null ? null : server.warned().get(s.id());
        if (warned != null) {
            next = new NextStep(warned.announces().label(), warned.due(), warned.rule());
        }
        Sweeper.DueCheck due = server == null ? null : server.due().get(s.id());
        if (due != null) {
            next = earliest(next, fromCheck(due, policy.forProfile(s.profile())));
        }
        if (closing != null && closes(s, policy)) {
            next = earliest(next, new NextStep(policy.closing().action().label(), closing, "closing"));
        }
        if (next == null) {
            return new NextStep(null, null, s.exempt() ? "exempt" : s.userPresent() ? "" : "no user");
        }
        return next;
    }

    /** The check of a limit of the shipped rules as the action it leads to; another rule's as a check. */
    private static NextStep fromCheck(Sweeper.DueCheck due, Policy p) {
        return switch (due.rule()) {
            case "idle limit" -> new NextStep(p.idle().action().label(), due.at().plusSeconds(Math.max(0, p.idle().warnSeconds())), due.rule());
            case "session limit" -> new NextStep(p.session().action().label(), due.at().plusSeconds(Math.max(0,
                    p.session().warnSeconds())),
                    due.rule());
            case "disconnected limit" -> new NextStep(p.disconnected().action().label(), due.at(), due.rule());
            default -> new NextStep(null, due.at(), due.rule());
        };
    }

    /** As the shipped closing rule says: users' sessions not exempt, connected ones (disconnected too for a logoff). */
    private static boolean closes(Session s, Policy policy) {
        return !s.exempt() && s.userPresent() && (s.state().isConnected()
                || s.state() == SessionState.DISCONNECTED && policy.closing().action() == ActionType.LOGOFF);
    }

    private static NextStep earliest(NextStep a, NextStep b) {
        return a == null || b.at().isBefore(a.at()) ? b : a;
    }

    /** {@code disconnect at 14:32, in 4 min, idle limit}; {@code protected: console session}; empty for nothing. */
    String describe(Texts t) {
        if (at == null) {
            return rule;
        }
        return (action == null ? "check" : action) + " at " + t.time(at) + ", " + t.countdown(at) + ", " + rule;
    }
}
