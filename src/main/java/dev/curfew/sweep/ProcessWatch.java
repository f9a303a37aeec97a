package dev.curfew.sweep;

import dev.curfew.policy.Busy;
import dev.curfew.policy.Policy;
import dev.curfew.session.Activity;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the sessions' processes did between two sweeps of a server: each sweep's listing of the
 * processes gives every session its programs and the CPU time (kernel and user) its processes used
 * since the listing before, over the wall time between the two. A process is the same one in both
 * listings when its session, id and name are; a process new since the listing before counts with
 * all its time. The first listing of a server has no CPU time (unknown). A session found busy
 * ({@link Busy}) keeps that instant as its {@link Activity#lastBusy} until a later listing finds it
 * busy again. A due check, which lists no processes, gives each session what the last sweep measured.
 *
 * <pre>{@code
 * sessions = watch.measure(server, host.list(server), host.processes(server), clock.instant(), idleOf);
 * due = watch.remembered(server, host.session(server, 2).stream().toList());
 * }</pre>
 */
final class ProcessWatch {
    private record Key(int sessionId, int processId, String name) {
    }

    private record Listing(Instant at, Map<Key, Duration> cpu, Map<Integer, Activity> activity,
            Map<Integer, String> logons) {
    }

    private final Map<ServerName, Listing> last = new ConcurrentHashMap<>();

    /**
     * The sessions with the activity of {@code processes}, listed at {@code at}, each found busy or not by
     * its own policy's {@code idle} section ({@code idleOf}).
     */
    List<Session> measure(ServerName server, List<Session> sessions, List<SessionProcess> processes, Instant at,
            Function<Session, Policy.Idle> idleOf) {
        Listing before = last.get(server);
        Duration over = before == null ? null : Duration.between(before.at(), at);
        Map<Key, Duration> cpu = new HashMap<>();
        Map<Integer, TreeSet<String>> programs = new HashMap<>();
        Map<Integer, Duration> used = new HashMap<>();
        for (SessionProcess p : processes) {
            Key key = new Key(p.sessionId(), p.processId(), p.name());
            cpu.put(key, p.cpu());
            programs.computeIfAbsent(p.sessionId(), k -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)).add(p.name());
            Duration earlier = before == null ? null : before.cpu().get(key);
            Duration delta = earlier == null || earlier.compareTo(p.cpu()) > 0 ? p.cpu() : p.cpu().minus(earlier);
            used.merge(p.sessionId(), delta, Duration::plus);
        }
        Map<Integer, Activity> activity = new HashMap<>();
        Map<Integer, String> logons = new HashMap<>();
        List<Session> out = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            double seconds = over == null ? -1 : used.getOrDefault(s.id(), Duration.ZERO).toNanos() / 1e9;
            Activity a = Activity.of(at, programs.getOrDefault(s.id(), new TreeSet<>()), seconds, over);
            Activity earlier = before == null ? null : before.activity().get(s.id());
            if (Busy.reason(s.withActivity(a, null), idleOf.apply(s)) != null) {
                a = a.busyAt(at);
            } else if (earlier != null && earlier.lastBusy() != null && sameSession(before, s)) {
                a = a.busyAt(earlier.lastBusy());
            }
            activity.put(s.id(), a);
            logons.put(s.id(), String.valueOf(s.logonTime()));
            out.add(s.withActivity(a, null));
        }
        last.put(server, new Listing(at, cpu, activity, logons));
        return out;
    }

    /** True when the session of that id in {@code before} is this one, not an earlier one's id reused. */
    private static boolean sameSession(Listing before, Session s) {
        return String.valueOf(s.logonTime()).equals(before.logons().get(s.id()));
    }

    /** The sessions with what the last {@link #measure} of {@code server} found for them, if it saw them. */
    List<Session> remembered(ServerName server, List<Session> sessions) {
        Listing listing = last.get(server);
        if (listing == null) {
            return sessions;
        }
        List<Session> out = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            Activity a = listing.activity().get(s.id());
            out.add(a == null || !sameSession(listing, s) ? s : s.withActivity(a, null));
        }
        return out;
    }
}
