package dev.curfew.bench;

import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.DecisionSink;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shipped rules (rules/*.drl) written by hand in Java: the baseline the Drools path is measured
 * against. Same decisions, same reasons, same choice of the strongest per session; exemption
 * patterns as the policy compiled them.
 */
final class JavaPolicy {
    private final Policy policy;

    JavaPolicy(Policy policy) {
        this.policy = policy;
    }

    List<Decision> decide(List<Session> sessions, Instant now, Closing closing) {
        Policy p = policy;
        boolean holiday = p.closing().holidays().contains(now.atZone(p.zone()).toLocalDate());
        List<Decision> out = new ArrayList<>();
        for (Session raw : sessions) {
            Session s = raw.withFlags(Protection.reasonFor(raw, p.protect().console()),
                    p.exempt().matches(raw.user(), raw.clientName(), raw.station()));
            if (s.exempt()) {
                continue;
            }
            Decision best = null;
            boolean connected = s.state().isConnected();
            if (connected && p.idle().limitSeconds() > 0) {
                long idle = s.idleSeconds();
                if (idle >= p.idle().limitSeconds()) {
                    best = stronger(best, new Decision(s, p.idle().action(), "idle limit", "idle " + DecisionSink.human(idle), now));
                } else if (p.idle().warnSeconds() > 0 && idle >= 0 && idle >= p.idle().limitSeconds() - p.idle().warnSeconds()) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "idle limit", "idle " + DecisionSink.human(idle),
                            s.lastInputTime().plusSeconds(p.idle().limitSeconds()), p.idle().action()));
                }
            }
            if (s.state() == SessionState.DISCONNECTED && p.disconnected().limitSeconds() > 0) {
                long gone = s.disconnectedSeconds();
                if (gone >= p.disconnected().limitSeconds()) {
                    best = stronger(best, new Decision(s, p.disconnected().action(), "disconnected limit",
                            "disconnected " + DecisionSink.human(gone), now));
                }
            }
            if (connected && p.session().limitSeconds() > 0) {
                long on = s.connectedSeconds();
                if (on >= p.session().limitSeconds()) {
                    best = stronger(best, new Decision(s, p.session().action(), "session limit",
                            "connected " + DecisionSink.human(on), now));
                } else if (p.session().warnSeconds() > 0 && on >= 0 && on >= p.session().limitSeconds() - p.session().warnSeconds()) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "session limit", "connected " + DecisionSink.human(on),
                            s.connectedSince().plusSeconds(p.session().limitSeconds()), p.session().action()));
                }
            }
            if (closing != null && !holiday && s.userPresent()) {
                if (!closing.warning() && (connected
                        || (s.state() == SessionState.DISCONNECTED && p.closing().action() == ActionType.LOGOFF))) {
                    best = stronger(best, new Decision(s, p.closing().action(), "closing", "end of day", now));
                } else if (closing.warning() && connected) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "closing",
                            "end of day in " + DecisionSink.human(closing.lead().getSeconds()), closing.at(), p.closing().action()));
                }
            }
            if (best != null) {
                out.add(best);
            }
        }
        out.sort(Comparator.comparing((Decision d) -> d.session().server()).thenComparingInt(d -> d.session().id()));
        return out;
    }

    /** The stronger action, or for two of the same kind the one due first (as PolicyEngine chooses). */
    private static Decision stronger(Decision a, Decision b) {
        if (a == null) {
            return b;
        }
        int c = a.action().compareTo(b.action());
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return b.due().isBefore(a.due()) ? b : a;
    }
}
