package dev.curfew.simulate;

import dev.curfew.policy.Closing;
import dev.curfew.session.ServerName;
import dev.curfew.sweep.Timetable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link Timetable} of a simulation: a queue of firings in virtual time, taken in the order of
 * their instants up to the scenario's end. Each server is swept every {@code step} from the start;
 * closings come from {@code policy.closing.at}; due checks and closing warnings are added as the
 * daemon adds its one-shot triggers. At one instant a closing comes before its warnings, they
 * before the due checks, and those before the sweeps; servers in the scenario's order.
 */
final class VirtualTimetable implements Timetable {
    /** The kinds of firing, in the order they are taken at one instant. */
    enum Kind { CLOSING, CLOSING_WARNING, DUE_CHECK, SWEEP }

    /** One firing; the sessions of a due check grow as more are planned into it. */
    record Firing(Instant at, Kind kind, long order, ServerName server, Closing closing, Set<Integer> sessions) {
    }

    private final PriorityQueue<Firing> queue = new PriorityQueue<>(Comparator.comparing(Firing::at)
            .thenComparing(Firing::kind).thenComparingLong(Firing::order));
    private final Map<ServerName, Instant> nextSweep = new HashMap<>();
    private final Map<ServerName, Instant> nextClosing = new HashMap<>();
    private final Map<String, Firing> dueChecks = new HashMap<>();
    private final ClosingCron closings;
    private final Duration step;
    private final Instant end;
    private long order;

    VirtualTimetable(List<ServerName> servers, ClosingCron closings, Instant start, Instant end, Duration step) {
        this.closings = closings;
        this.step = step;
        this.end = end;
        for (ServerName server : servers) {
            sweepAt(server, start);
            closeAfter(server, start.minusSeconds(1));
        }
    }

    /** The next firing, or null when none is left before the end. */
    Firing next() {
        Firing f = queue.poll();
        if (f == null) {
            return null;
        }
        switch (f.kind()) {
            case SWEEP -> sweepAt(f.server(), f.at().plus(step));
            case CLOSING -> closeAfter(f.server(), f.at());
            case DUE_CHECK -> dueChecks.remove(f.server() + "@" + f.at());
            case CLOSING_WARNING -> { }
        }
        return f;
    }

    private void sweepAt(ServerName server, Instant at) {
        nextSweep.put(server, at);
        add(at, Kind.SWEEP, server, null, Set.of());
    }

    private void closeAfter(ServerName server, Instant after) {
        Instant at = closings.next(after);
        nextClosing.put(server, at);
        if (at != null) {
            add(at, Kind.CLOSING, server, Closing.now(at), Set.of());
        }
    }

    private Firing add(Instant at, Kind kind, ServerName server, Closing closing, Set<Integer> sessions) {
        if (at.isAfter(end)) {
            return null;
        }
        Firing f = new Firing(at, kind, order++, server, closing, sessions);
        queue.add(f);
        return f;
    }

    @Override
    public Instant nextSweep(ServerName server) {
        return nextSweep.get(server);
    }

    @Override
    public Instant nextClosing(ServerName server) {
        return nextClosing.get(server);
    }

    @Override
    public void dueCheck(ServerName server, Instant at, Set<Integer> sessions) {
        Firing planned = dueChecks.get(server + "@" + at);
        if (planned != null) {
            planned.sessions().addAll(sessions);
            return;
        }
        Firing f = add(at, Kind.DUE_CHECK, server, null, new TreeSet<>(sessions));
        if (f != null) {
            dueChecks.put(server + "@" + at, f);
        }
    }

    @Override
    public void closingWarnings(ServerName server, List<Closing> warnings) {
        queue.removeIf(f -> f.kind() == Kind.CLOSING_WARNING && f.server().equals(server));
        for (Closing w : warnings) {
            add(w.at().minus(w.lead()), Kind.CLOSING_WARNING, server, w, Set.of());
        }
    }
}
