package dev.curfew.policy;

import java.util.Locale;

/** {@code policy.logonHours}: whether the users' logon hours from the directory close their sessions. */
public enum LogonHoursMode {
    OFF,
    ENFORCE;

    /** Parses {@code enforce} or {@code off}; anything else names the two. */
    public static LogonHoursMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "enforce" -> ENFORCE;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a logonHours setting ("
                    + (t.startsWith("enforc") || t.equals("on") || t.equals("true") ? "did you mean enforce? " : "")
                    + "use enforce or off)");
        };
    }
}
