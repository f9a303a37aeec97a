package dev.curfew.policy;

import dev.curfew.session.Session;
import dev.curfew.session.SessionState;

/**
 * The sessions curfew never acts on, whatever a rule or a command says: the services session,
 * listeners, the session curfew itself runs in, and (unless the policy allows it) the console.
 * The one place that decides it: the sweep flags each session it lists here, and the
 * {@code disconnect} and {@code logoff} commands ask it, and say its reason, before they act.
 */
public final class Protection {
    private Protection() {
    }

    /** Why a session is protected: the name recorded and shown ({@code sessions}), and what a command says. */
    public enum Reason {
        SERVICES("services session", "it is the services session"),
        LISTENER("listener", "it is a listener"),
        OWN("curfew's own session", "it is the session curfew runs in"),
        CONSOLE("console session", "it is the console session");

        private final String label;
        private final String sentence;

        Reason(String label, String sentence) {
            this.label = label;
            this.sentence = sentence;
        }

        public String label() {
            return label;
        }

        /** What a command says of a session it will not act on: {@code it is a listener (RDP-Tcp)}. */
        public String sentence(Session s) {
            return this == LISTENER && !s.station().isEmpty() ? sentence + " (" + s.station() + ")" : sentence;
        }

        /** True for a user's session ({@code --all} says it skips one), false for the services session and listeners. */
        public boolean userSession() {
            return this == OWN || this == CONSOLE;
        }
    }

    /** Why the session is protected, or null when it is not. */
    public static Reason of(Session s, boolean protectConsole) {
        if (s.id() == 0) {
            return Reason.SERVICES;
        }
        if (s.state() == SessionState.LISTEN) {
            return Reason.LISTENER;
        }
        if (s.self()) {
            return Reason.OWN;
        }
        if (s.console() && protectConsole) {
            return Reason.CONSOLE;
        }
        return null;
    }

    /** The label of {@link #of}, or null when the session is not protected. */
    public static String reasonFor(Session s, boolean protectConsole) {
        Reason r = of(s, protectConsole);
        return r == null ? null : r.label();
    }

    /** The session with its protection and exemption flags set for {@code policy}. */
    public static Session flag(Session s, Policy policy) {
        return s.withFlags(reasonFor(s, policy.protect().console()),
                policy.exempt().matches(s.user(), s.clientName(), s.station()));
    }
}
