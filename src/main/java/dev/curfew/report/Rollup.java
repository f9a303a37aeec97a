package dev.curfew.report;

import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The report's sums over one stretch of time: tallies per dimension (rule, server), per user, idle
 * times at disconnect, and come-backs. Mutable while it is summed; {@link RollupStore} stores it in
 * the {@code report_*} tables.
 *
 * <pre>{@code
 * Rollup day = new Rollup();
 * day.add("ms01", "ann", ActionType.DISCONNECT, "idle limit", Outcome.DONE, 1812L);
 * day.merge(hour);
 * }</pre>
 */
final class Rollup {
    /**
     * What actions are tallied by, besides users. A new dimension (a station, the hour of the day) is
     * a constant here and a line in {@link #add}: its rows go to {@code report_tally} like the others.
     */
    enum Dimension {
        RULE, SERVER;

        /** The name stored in {@code report_tally.dimension}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Dimension parse(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    final Map<Dimension, Map<String, Counts>> tallies = new EnumMap<>(Dimension.class);
    /** Users counted from actions, by lower-cased name: numbered only when the roll-up is stored. */
    final Map<String, Counts> users = new HashMap<>();
    /** Users read from stored roll-ups, by number: each array as {@link StoredUsers#decode} gives it. */
    final List<int[]> numberedUsers = new ArrayList<>();
    final NavigableMap<Long, Long> idle = new TreeMap<>();
    final List<Stamped> comebacks = new ArrayList<>();

    Rollup() {
        for (Dimension d : Dimension.values()) {
            tallies.put(d, new HashMap<>());
        }
    }

    /** A come-back with the id of the action it follows, which orders come-backs of the same instant. */
    record Stamped(long id, Report.Comeback comeback) {
        static final Comparator<Stamped> ORDER = Comparator.comparing((Stamped s) -> s.comeback.at())
                .thenComparingLong(Stamped::id);
    }

    /** Counts one action; {@code user} is lower-cased already (the action table's {@code user_key}). */
    void add(String server, String user, ActionType action, String rule, Outcome outcome, Long idleSeconds) {
        boolean failed = outcome == Outcome.FAILED || outcome == Outcome.UNKNOWN;
        count(Dimension.RULE, rule, action, failed);
        count(Dimension.SERVER, server, action, failed);
        if (!user.isEmpty()) {
            users.computeIfAbsent(user, k -> new Counts()).add(action, failed);
        }
        if (action == ActionType.DISCONNECT && outcome != Outcome.FAILED && idleSeconds != null) {
            idle.merge(idleSeconds, 1L, Long::sum);
        }
    }

    private void count(Dimension d, String key, ActionType action, boolean failed) {
        tallies.get(d).computeIfAbsent(key, k -> new Counts()).add(action, failed);
    }

    /** Adds everything {@code other} counted. */
    void merge(Rollup other) {
        other.tallies.forEach((d, from) -> add(tallies.get(d), from));
        add(users, other.users);
        numberedUsers.addAll(other.numberedUsers);
        other.idle.forEach((k, v) -> idle.merge(k, v, Long::sum));
        comebacks.addAll(other.comebacks);
    }

    private static <K> void add(Map<K, Counts> into, Map<K, Counts> from) {
        from.forEach((k, c) -> into.computeIfAbsent(k, x -> new Counts()).add(c));
    }

    /** All actions counted. */
    long actions() {
        return tallies.get(Dimension.RULE).values().stream().mapToLong(Counts::total).sum();
    }
}
