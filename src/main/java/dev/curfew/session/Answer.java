package dev.curfew.session;

import java.util.Locale;

/** What a user answered a Yes/No question: Yes, No, or nothing before it timed out. */
public enum Answer {
    YES, NO, TIMEOUT;

    /** {@code yes}, {@code no}, {@code timeout}: as recorded and written in scenarios. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
