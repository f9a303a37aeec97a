package dev.curfew.report;

import dev.curfew.history.Jdbc;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Sums one report's stretches of time: from a stored roll-up where a valid one exists, else from
 * the actions (and stores the sum when the stretch is closed). A whole local day is one roll-up;
 * a partial day is summed from UTC hours, with only its ragged ends read from the actions.
 */
final class RollupPlan {
    /**
     * How long after its end a stretch is taken as closed: an action's time is when it was decided,
     * and its row may be written a little later (a batch, a slow node clock).
     */
    static final Duration GRACE = Duration.ofMinutes(15);
    private static final Duration HOUR = Duration.ofHours(1);

    private final Jdbc jdbc;
    private final RollupStore store;
    private final UserNames names;
    private final boolean whatIf;
    private final Duration window;
    private final Instant now;
    private final boolean stored;
    private final Map<String, RollupStore.Stored> index;
    private final NavigableSet<Instant> pending = new TreeSet<>();

    /** A plan for {@code [since, until)}; with {@code stored} false every sum is read from the actions. */
    RollupPlan(DataSource dataSource, boolean whatIf, Instant since, Instant until, Duration window, Instant now,
            boolean stored) {
        this.jdbc = new Jdbc(dataSource);
        this.store = new RollupStore(dataSource);
        this.names = new UserNames(dataSource);
        this.whatIf = whatIf;
        this.window = window;
        this.now = now;
        this.stored = stored;
        this.index = stored ? store.within(whatIf, since, until) : Map.of();
        if (stored) {
            // A pending action's outcome is still to come: no roll-up is trusted or made where one is.
            pending.addAll(jdbc.query("read the pending actions", "SELECT at FROM action WHERE outcome = ?"
                    + " AND at >= ? AND at < ?", List.of(Outcome.PENDING.label(), Jdbc.ts(since), Jdbc.ts(until)),
                    rs -> Jdbc.instant(rs, "at")));
        }
    }

    /** The sums of a whole local day {@code [start, end)}. */
    Rollup day(Instant start, Instant end) {
        return stored ? stretch(start, end, true) : actions(start, end);
    }

    /** The sums of {@code [start, end)}, part of a day: whole UTC hours from roll-ups, the ends from the actions. */
    Rollup part(Instant start, Instant end) {
        if (!stored) {
            return actions(start, end);
        }
        Instant first = start.truncatedTo(ChronoUnit.HOURS);
        if (first.isBefore(start)) {
            first = first.plus(HOUR);
        }
        Instant last = end.truncatedTo(ChronoUnit.HOURS);
        if (!first.isBefore(last)) {
            return actions(start, end);
        }
        Rollup sum = start.isBefore(first) ? actions(start, first) : new Rollup();
        Instant rawFrom = null;
        for (Instant h = first; h.isBefore(last); h = h.plus(HOUR)) {
            if (usable(h, h.plus(HOUR)) || closed(h, h.plus(HOUR))) {
                if (rawFrom != null) {
                    sum.merge(actions(rawFrom, h));
                    rawFrom = null;
                }
                sum.merge(stretch(h, h.plus(HOUR), false));
            } else if (rawFrom == null) {
                // Open hours (the last ones, or with pending actions) are read together.
                rawFrom = h;
            }
        }
        sum.merge(actions(rawFrom == null ? last : rawFrom, end));
        return sum;
    }

    private Rollup stretch(Instant start, Instant end, boolean day) {
        if (usable(start, end)) {
            return store.load(index.get(RollupStore.key(start, end)));
        }
        Rollup sum = day ? part(start, end) : actions(start, end);
        if (closed(start, end)) {
            store.save(whatIf, start, end, window, sum, names, now);
        }
        return sum;
    }

    private boolean usable(Instant start, Instant end) {
        RollupStore.Stored s = index.get(RollupStore.key(start, end));
        return s != null && s.window().equals(window) && noPending(start, end);
    }

    /** Whether nothing in {@code [start, end)} can change any more, short of a purge. */
    private boolean closed(Instant start, Instant end) {
        return !end.plus(window).plus(GRACE).isAfter(now) && noPending(start, end);
    }

    private boolean noPending(Instant start, Instant end) {
        Instant p = pending.ceiling(start);
        return p == null || !p.isBefore(end);
    }

    private record Seen(String server, String user, Instant connectedAt) {
    }

    /** The sums of {@code [start, end)} read from the actions, come-backs from the connections seen. */
    Rollup actions(Instant start, Instant end) {
        Rollup sum = new Rollup();
        if (!start.isBefore(end)) {
            return sum;
        }
        Map<String, List<Instant>> seen = new HashMap<>();
        for (Seen s : jdbc.query("read the connections seen", "SELECT server, user_name, connected_at"
                + " FROM connection_seen WHERE connected_at > ? AND connected_at <= ? ORDER BY connected_at",
                List.of(Jdbc.ts(start), Jdbc.ts(end.plus(window))),
                rs -> new Seen(rs.getString("server"), rs.getString("user_name"), Jdbc.instant(rs, "connected_at")))) {
            seen.computeIfAbsent(key(s.server, s.user), k -> new ArrayList<>()).add(s.connectedAt);
        }
        jdbc.query("read the history for the report", "SELECT id, at, server, session_id, user_name, user_key,"
                + " action, rule, outcome, idle_seconds FROM action WHERE at >= ? AND at < ? AND what_if = ?",
                List.of(Jdbc.ts(start), Jdbc.ts(end), whatIf), rs -> {
                    long idle = rs.getLong("idle_seconds");
                    Long idleSeconds = rs.wasNull() ? null : idle;
                    Instant at = Jdbc.instant(rs, "at");
                    String server = rs.getString("server");
                    String user = rs.getString("user_name");
                    ActionType action = ActionType.parse(rs.getString("action"));
                    String rule = rs.getString("rule");
                    Outcome outcome = Outcome.parse(rs.getString("outcome"));
                    sum.add(server, rs.getString("user_key"), action, rule, outcome, idleSeconds);
                    if (action != ActionType.WARN && outcome == Outcome.DONE && !user.isEmpty()) {
                        comeback(sum, seen, rs.getLong("id"), at, server, rs.getInt("session_id"), user, action, rule);
                    }
                    return null;
                });
        return sum;
    }

    private void comeback(Rollup sum, Map<String, List<Instant>> seen, long id, Instant at, String server,
            int session, String user, ActionType action, String rule) {
        for (Instant back : seen.getOrDefault(key(server, user), List.of())) {
            if (back.isAfter(at) && !back.isAfter(at.plus(window))) {
                sum.comebacks.add(new Rollup.Stamped(id, new Report.Comeback(at, server, session, user, action, rule,
                        back, Duration.between(at, back))));
                return;
            }
        }
    }

    private static String key(String server, String user) {
        return server.toLowerCase(Locale.ROOT) + "\u0000" + user.toLowerCase(Locale.ROOT);
    }
}
