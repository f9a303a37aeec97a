package dev.curfew.policy;

import dev.curfew.session.Session;
import dev.curfew.session.SessionState;

/**
 * The sessions curfew never acts on, whatever a rule says: the services session, listeners,
 * the session curfew itself runs in, and (unless the policy allows it) the console.
 */
public final class Protection {
    private Protection() {
    }

    /** Why the session is protected, or null when it is not. */
    public static String reasonFor(Session s, boolean protectConsole) {
        if (s.id() == 0) {
            return "services session";
        }
        if (s.state() == SessionState.LISTEN) {
            return "listener";
        }
        if (s.self()) {
            return "curfew's own session";
        }
        if (s.console() && protectConsole) {
            return "console session";
        }
        return null;
    }

    /** The session with its protection and exemption flags set for {@code policy}. */
    public static Session flag(Session s, Policy policy) {
        return s.withFlags(reasonFor(s, policy.protect().console()),
                policy.exempt().matches(s.user(), s.clientName(), s.station()));
    }
}
