package dev.curfew.history;

import java.util.Locale;

/**
 * What came of a recorded action. {@code UNKNOWN} marks intents left pending by a crash;
 * {@code POSTPONED} a user's Yes to a warning asking for more time (its own row beside the warning's).
 */
public enum Outcome {
    PENDING, DONE, FAILED, SKIPPED, UNKNOWN, POSTPONED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome parse(String text) {
        for (Outcome o : values()) {
            if (o.label().equalsIgnoreCase(text.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an outcome (use pending, done, failed, skipped, unknown or postponed)");
    }
}
