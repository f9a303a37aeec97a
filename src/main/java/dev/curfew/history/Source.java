package dev.curfew.history;

import java.util.Locale;

/**
 * Who asked for an action: the policy on a sweep, the end-of-day closing, or a person on the command
 * line or in the web console.
 */
public enum Source {
    POLICY, CLOSING, COMMAND, WEB;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Source parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
