package dev.curfew.history;

import java.time.Instant;

/** One run of the retention purge: when, the cut-off, and how many rows of each kind it deleted. */
public record Purge(Instant at, Instant cutoff, long actions, long sweeps, long connections, long reloads) {

    public long total() {
        return actions + sweeps + connections + reloads;
    }
}
