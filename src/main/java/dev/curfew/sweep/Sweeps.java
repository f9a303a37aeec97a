package dev.curfew.sweep;

import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each firing of a server does, whoever fires it: a sweep, a due check, a closing or a
 * closing warning runs the {@link Sweeper} and then plans what follows on the {@link Timetable}
 * (the due checks the rules asked for, the next closing's warnings). The daemon's Quartz jobs and
 * {@code simulate}'s virtual time both call these, so both run one sweep path. Whoever fires them
 * runs one firing of a server at a time (the daemon's Quartz job of a server is not concurrent,
 * across a cluster too). Never throws.
 *
 * <pre>{@code
 * Sweeps sweeps = new Sweeps(sweeper, timetable, engine::policy, clock);
 * sweeps.sweep(server, scheduledAt);     // every sweep.interval
 * sweeps.check(server, Set.of(2, 5));    // at a due instant
 * sweeps.close(server, Closing.now(at), at); // at policy.closing.at
 * }</pre>
 */
public final class Sweeps {
    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);
    /** Due instants are grouped per server into slots of this length, rounded up so a check is never early. */
    static final long SLOT_MILLIS = 100;

    private final Sweeper sweeper;
    private final Timetable timetable;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public Sweeps(Sweeper sweeper, Timetable timetable, Supplier<Policy> policy, Clock clock) {
        this.sweeper = sweeper;
        this.timetable = timetable;
        this.policy = policy;
        this.clock = clock;
        // A Yes to a question postpones an action: the session is checked again before and at its new instant.
        if (sweeper != null) {   // null where only housekeeping runs (no servers to sweep)
            sweeper.runner().moreTime().plan((server, id, at) -> timetable.dueCheck(server, slot(at), Set.of(id)));
        }
    }

    /** A plain sweep, the one Quartz scheduled at {@code scheduledAt}; then the due checks it found. */
    public Sweeper.Result sweep(ServerName server, Instant scheduledAt) {
        return safely(server, () -> {
            Sweeper.Result result = sweeper.sweep(server, null, scheduledAt);
            planDueChecks(server, result);
            return result;
        });
    }

    /** Re-reads {@code sessions} at their due instant; then the due checks that follow. */
    public Sweeper.Result check(ServerName server, Set<Integer> sessions) {
        return safely(server, () -> {
            Sweeper.Result result = sweeper.check(server, sessions);
            planDueChecks(server, result);
            return result;
        });
    }

    /**
     * The closing or a closing warning {@code closing}, fired at {@code scheduledAt}; after the
     * closing itself, the warnings of the next one. Plans no due checks: the roster of a closing
     * has no times.
     */
    public Sweeper.Result close(ServerName server, Closing closing, Instant scheduledAt) {
        return close(server, closing, scheduledAt, false);
    }

    /**
     * As {@link #close(ServerName, Closing, Instant)}; {@code resumed} when it is run again because
     * the node that ran it died or was killed (see {@link Sweeper#resume}). A warning that comes
     * when its closing is already due is skipped, and the skip recorded.
     */
    public Sweeper.Result close(ServerName server, Closing closing, Instant scheduledAt, boolean resumed) {
        return safely(server, () -> {
            if (closing.warning() && !clock.instant().isBefore(closing.at())) {
                return sweeper.skip(server, scheduledAt, closing.describe() + ": skipped, it came at "
                        + clock.instant() + ", when the closing was due");
            }
            log.info("{}: {}", server, closing.describe());
            if (resumed && !closing.warning()) {
                sweeper.resume(server, closing);
            }
            Sweeper.Result result = sweeper.sweep(server, closing, scheduledAt);
            if (!closing.warning()) {
                planWarnings(server);
            }
            return result;
        });
    }

    /** Plans the warnings before {@code server}'s next closing, at each {@code policy.closing.warn} lead. */
    public void planWarnings(ServerName server) {
        Instant at = timetable.nextClosing(server);
        List<Duration> leads = policy.get().closing().warn();
        timetable.closingWarnings(server, at == null ? List.of() : warnings(at, leads, clock.instant()));
        log.debug("{}: next closing {} with warnings {}", server, at, leads);
    }

    /** The warnings before a closing at {@code at} that are still to come at {@code now}. */
    static List<Closing> warnings(Instant at, List<Duration> leads, Instant now) {
        List<Closing> out = new ArrayList<>();
        for (Duration lead : leads) {
            if (!at.minus(lead).isBefore(now)) {
                out.add(new Closing(at, lead));
            }
        }
        return out;
    }

    /** The due checks of {@code result} that come before the server's next sweep, one per slot. */
    private void planDueChecks(ServerName server, Sweeper.Result result) {
        if (result.due().isEmpty()) {
            return;
        }
        for (Map.Entry<Instant, Set<Integer>> slot : slots(result.due(), timetable.nextSweep(server)).entrySet()) {
            timetable.dueCheck(server, slot.getKey(), slot.getValue());
            log.debug("{}: sessions {} checked again at {}", server, slot.getValue(), slot.getKey());
        }
    }

    /** The sessions of {@code due} to check before {@code nextSweep} (null: none planned), by slot. */
    static SortedMap<Instant, Set<Integer>> slots(List<Sweeper.DueCheck> due, Instant nextSweep) {
        SortedMap<Instant, Set<Integer>> slots = new TreeMap<>();
        for (Sweeper.DueCheck d : due) {
            if (nextSweep == null || d.at().isBefore(nextSweep)) {
                slots.computeIfAbsent(slot(d.at()), k -> new TreeSet<>()).add(d.sessionId());
            }
        }
        return slots;
    }

    /** {@code at} rounded up to the next slot: a check is never early. */
    static Instant slot(Instant at) {
        long ms = at.toEpochMilli();
        long rounded = (ms + SLOT_MILLIS - 1) / SLOT_MILLIS * SLOT_MILLIS;
        Instant slot = Instant.ofEpochMilli(rounded);
        return slot.isBefore(at) ? slot.plusMillis(SLOT_MILLIS) : slot;
    }

    /** Runs one firing; what it throws is logged, not passed on to the job. */
    private static Sweeper.Result safely(ServerName server, Supplier<Sweeper.Result> firing) {
        try {
            return firing.get();
        } catch (RuntimeException e) {
            log.error("{}: firing failed: {}", server, e.toString(), e);
            return Sweeper.Result.failed(server, e.toString());
        }
    }
}
