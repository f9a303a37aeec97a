package dev.curfew.history;

import dev.curfew.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily purge of history older than {@code history.retention}. Each run is recorded in
 * {@code purge_run}; a failure is logged and the next run tries again. Never throws.
 *
 * <pre>{@code
 * Retention retention = new Retention(history, Duration.ofDays(400), clock);
 * scheduling.every("retention", Duration.ofDays(1), retention::run);
 * }</pre>
 */
public final class Retention implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final HistoryStore history;
    private final Duration keep;
    private final Clock clock;

    public Retention(HistoryStore history, Duration keep, Clock clock) {
        if (keep == null || keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("history.retention must be positive, not " + keep);
        }
        this.history = history;
        this.keep = keep;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(keep);
        try {
            Purge p = history.purge(cutoff, now);
            log.info("History: kept {} (since {}), deleted {} actions, {} sweeps, {} connections, {} reloads",
                    Durations.format(keep), cutoff.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), p.actions(), p.sweeps(), p.connections(), p.reloads());
        } catch (RuntimeException e) {
            log.error("History: the purge of rows before {} failed: {} (tried again tomorrow)", cutoff,
                    e.getMessage(), e);
        }
    }
}
