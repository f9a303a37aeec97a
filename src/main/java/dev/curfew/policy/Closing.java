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

    public long leadMinutes() {
        return lead.toMinutes();
    }
}
