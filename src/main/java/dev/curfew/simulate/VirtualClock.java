package dev.curfew.simulate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock that stands still until it is set; the simulation's time. */
final class VirtualClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    VirtualClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    void set(Instant instant) {
        this.now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        VirtualClock c = new VirtualClock(now, other);
        return c;
    }
}
