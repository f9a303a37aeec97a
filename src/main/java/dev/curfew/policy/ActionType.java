package dev.curfew.policy;

import java.util.Locale;

/** What a decision asks for, from mildest to strongest. */
public enum ActionType {
    WARN,
    DISCONNECT,
    LOGOFF;

    /** The lower-case name used in files, JSON and history: warn, disconnect, logoff. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code warn}, {@code disconnect} or {@code logoff} (also {@code log off}, {@code close}). */
    public static ActionType parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "")) {
            case "warn", "warning", "message" -> WARN;
            case "disconnect" -> DISCONNECT;
            case "logoff", "logout", "close" -> LOGOFF;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not an action (use warn, disconnect or logoff)");
        };
    }

    /** Parses an action that ends a session: disconnect or logoff. */
    public static ActionType parseEnding(String text) {
        ActionType a = parse(text);
        if (a == WARN) {
            throw new IllegalArgumentException("\"" + text + "\" is not an action that ends a session (use disconnect or logoff)");
        }
        return a;
    }
}
