package dev.curfew.sweep;

import dev.curfew.policy.Closing;
import dev.curfew.session.ServerName;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What {@link Sweeps} needs from whatever fires it: when a server's next sweep and closing come,
 * and firings to add. The daemon's is made of Quartz triggers in real time; {@code simulate}'s is
 * a queue of events in virtual time.
 */
public interface Timetable {

    /** When {@code server}'s next plain sweep fires, or null when it has none. */
    Instant nextSweep(ServerName server);

    /** When {@code server}'s next closing fires (holidays left out), or null when there is none. */
    Instant nextClosing(ServerName server);

    /** Adds a check of {@code sessions} of {@code server} at {@code at}, joining one already there. */
    void dueCheck(ServerName server, Instant at, Set<Integer> sessions);

    /**
     * Makes {@code server}'s closing warnings these, each fired {@code lead} before its closing;
     * warnings planned before that are not among them are dropped.
     */
    void closingWarnings(ServerName server, List<Closing> warnings);
}
