package dev.curfew.session;

import java.util.Locale;

/** The ten connect states of a WTS session, in the order of {@code WTS_CONNECTSTATE_CLASS}. */
public enum SessionState {
    ACTIVE("Active"),
    CONNECTED("Connected"),
    CONNECT_QUERY("ConnectQuery"),
    SHADOW("Shadow"),
    DISCONNECTED("Disconnected"),
    IDLE("Idle"),
    LISTEN("Listen"),
    RESET("Reset"),
    DOWN("Down"),
    INIT("Init");

    private final String wtsName;

    SessionState(String wtsName) {
        this.wtsName = wtsName;
    }

    /** The name Windows tools print (Active, Disconnected, Listen, ...). */
    public String wtsName() {
        return wtsName;
    }

    /** The state for a {@code WTS_CONNECTSTATE_CLASS} value. */
    public static SessionState fromWtsValue(int value) {
        SessionState[] all = values();
        if (value < 0 || value >= all.length) {
            throw new IllegalArgumentException("not a WTS connect state: " + value);
        }
        return all[value];
    }

    /** The state named as Windows names it, case-insensitively; null when there is none. */
    public static SessionState fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SessionState state : values()) {
            if (state.wtsName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return state;
            }
        }
        return null;
    }

    /** True when a user is attached to the session (Active, Connected, Shadow). */
    public boolean isConnected() {
        return this == ACTIVE || this == CONNECTED || this == SHADOW;
    }

    @Override
    public String toString() {
        return wtsName;
    }
}
