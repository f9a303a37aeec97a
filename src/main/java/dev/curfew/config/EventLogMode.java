package dev.curfew.config;

import java.util.Locale;

/** {@code log.eventLog}: whether the daemon writes to the Windows event log. */
public enum EventLogMode {
    /** On when the daemon runs as a Windows service ({@code run --service}), off otherwise. */
    AUTO,
    ON,
    OFF;

    public static EventLogMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "on", "true", "yes" -> ON;
            case "off", "false", "no" -> OFF;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not an event log setting (use auto, on or off)");
        };
    }

    /** Whether the event log is written by a daemon that runs as a service ({@code service}) or not. */
    public boolean enabled(boolean service) {
        return this == ON || this == AUTO && service;
    }
}
