package dev.curfew.sweep;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Told of every firing a {@link Sweeper} ran, for the daemon's health, metrics and API
 * ({@code dev.curfew.http}). Called on the sweep's thread after its history rows are written; it
 * must be quick and must not throw.
 */
public interface SweepListener {
    SweepListener NONE = new SweepListener() {
    };

    /** What fired: a plain sweep (a listing), a due check (some sessions), or a closing or its warning (the roster). */
    enum Kind {
        SWEEP, DUE_CHECK, CLOSING
    }

    /**
     * One firing of {@code server} done. {@code sessions} is what the server said (empty when it
     * failed, the checked ones for a due check); {@code result} what was done and is due next.
     */
    default void swept(ServerName server, Kind kind, Instant started, Duration took, List<Session> sessions,
            Sweeper.Result result) {
    }
}
