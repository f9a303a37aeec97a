package dev.curfew.config;

import java.util.Locale;

/** Which session host to use: the WTS API, the simulated server, or WTS where there is one. */
public enum Backend {
    AUTO, WTS, SIM;

    public static Backend parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "wts" -> WTS;
            case "sim", "simulated" -> SIM;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a backend (use auto, wts or sim)");
        };
    }
}
