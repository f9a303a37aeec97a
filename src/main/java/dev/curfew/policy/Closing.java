package dev.curfew.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Present in a sweep when an end-of-day close fires ({@code lead} zero) or when a warning for the
 * closing at {@code at} is due ({@code lead} before it).
 */
public record Closing(Instant at, Duration lead) {

    public Closing {
        Objects.requireNonNull(at, "at");
        lead = lead == null ? Duration.ZERO : lead;
    }

    public static Closing now(Instant at) {
        return new Closing(at, Duration.ZERO);
    }

    public boolean warning() {
        return !lead.isZero();
    }

    /** What the daemon logs when it fires: {@code closing}, or {@code closing warning, 30 s before 2026-11-23T17:00:00Z}. */
    public String describe() {
        return warning() ? "closing warning, " + leadText() + " before " + at : "closing";
    }

    /** The lead for people, to the second: {@code 5 min}, {@code 30 s}, {@code 1 min 30 s}. */
    String leadText() {
        long minutes = lead.toMinutes();
        int seconds = lead.toSecondsPart();
        return minutes == 0 ? seconds + " s" : seconds == 0 ? minutes + " min" : minutes + " min " + seconds + " s";
    }
}
