package dev.curfew.policy;

import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The instants at which the default rules' limits will be crossed for a session if nothing
 * changes: the idle warning and limit, the disconnected limit, the session warning and limit.
 * The scheduler checks the session again at each of them instead of waiting for the next sweep.
 */
public final class DueTimes {
    private DueTimes() {
    }

    /** The instants after {@code now}, sorted; none for protected or exempt sessions. */
    public static List<Instant> after(Session s, Policy p, Instant now) {
        List<Instant> out = new ArrayList<>();
        if (s.isProtected() || s.exempt() || !s.userPresent()) {
            return out;
        }
        if (s.state().isConnected()) {
            if (p.idle().limit() != null && s.lastInputTime() != null) {
                Instant limit = s.lastInputTime().plus(p.idle().limit());
                add(out, limit, now);
                if (p.idle().warn() != null && !p.idle().warn().isZero()) {
                    add(out, limit.minus(p.idle().warn()), now);
                }
            }
            if (p.session().limit() != null && s.connectedSince() != null) {
                Instant limit = s.connectedSince().plus(p.session().limit());
                add(out, limit, now);
                if (p.session().warn() != null && !p.session().warn().isZero()) {
                    add(out, limit.minus(p.session().warn()), now);
                }
            }
        } else if (s.state() == SessionState.DISCONNECTED && p.disconnected().limit() != null && s.disconnectTime() != null) {
            add(out, s.disconnectTime().plus(p.disconnected().limit()), now);
        }
        out.sort(Instant::compareTo);
        return out;
    }

    private static void add(List<Instant> out, Instant at, Instant now) {
        if (at.isAfter(now) && !out.contains(at)) {
            out.add(at);
        }
    }
}
