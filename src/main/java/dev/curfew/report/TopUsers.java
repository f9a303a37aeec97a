package dev.curfew.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A report's top users: the users of its stored roll-ups are summed by number into arrays, those
 * counted from the actions (its ragged ends) are added to their numbers where they have one, and
 * only the users that can be on top are named.
 */
final class TopUsers {
    /** Most actions first, ties by name. */
    static final Comparator<Report.Tally> ORDER = Comparator.comparingLong(Report.Tally::total).reversed()
            .thenComparing(Report.Tally::key);

    /** Warnings, disconnects, logoffs and failures of user number u at {@code 4 * u} to {@code 4 * u + 3}. */
    private long[] sums;

    private TopUsers() {
    }

    /** The {@code n} users with the most actions in {@code all}, most first, ties by name. */
    static List<Report.Tally> of(Rollup all, int n, UserNames names) {
        if (n == 0) {
            return List.of();
        }
        TopUsers top = new TopUsers();
        top.sums = new long[0];
        if (!all.numberedUsers.isEmpty()) {
            top.sums = new long[(names.highest() + 1) * 4];
            for (int[] records : all.numberedUsers) {
                top.addAll(records);
            }
        }
        List<Report.Tally> out = new ArrayList<>();
        Map<String, Integer> numbered = all.numberedUsers.isEmpty() ? Map.of() : names.find(all.users.keySet());
        all.users.forEach((name, c) -> {
            Integer number = numbered.get(name);
            if (number == null) {
                out.add(c.tally(name));
            } else {
                top.add(number, c.warnings, c.disconnects, c.logoffs, c.failed);
            }
        });
        out.addAll(top.candidates(n, names));
        out.sort(ORDER);
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    /** Adds one stored roll-up's users (a loop of its own, compiled early: a month has millions). */
    private void addAll(int[] records) {
        long[] into = sums;
        for (int i = 0; i < records.length; i += StoredUsers.INTS_PER_USER) {
            int at = records[i] * 4;
            into[at] += records[i + 1];
            into[at + 1] += records[i + 2];
            into[at + 2] += records[i + 3];
            into[at + 3] += records[i + 4];
        }
    }

    private void add(int user, long warnings, long disconnects, long logoffs, long failed) {
        int at = user * 4;
        if (at + 4 > sums.length) {
            sums = Arrays.copyOf(sums, Math.max(at + 4, sums.length * 2));
        }
        sums[at] += warnings;
        sums[at + 1] += disconnects;
        sums[at + 2] += logoffs;
        sums[at + 3] += failed;
    }

    private long total(int user) {
        return sums[user * 4] + sums[user * 4 + 1] + sums[user * 4 + 2];
    }

    /** The numbered users with at least the n-th highest total (all of a tie), named. */
    private List<Report.Tally> candidates(int n, UserNames names) {
        int users = sums.length / 4;
        if (users == 0) {
            return List.of();
        }
        // The n highest totals, lowest first: the last of the top has the lowest of them.
        PriorityQueue<Long> highest = new PriorityQueue<>(n + 1);
        for (int u = 0; u < users; u++) {
            long t = total(u);
            if (highest.size() < n || t > highest.peek()) {
                highest.add(t);
                if (highest.size() > n) {
                    highest.poll();
                }
            }
        }
        long least = Math.max(1, highest.isEmpty() ? 1 : highest.peek());
        List<Integer> chosen = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            if (total(u) >= least) {
                chosen.add(u);
            }
        }
        Map<Integer, String> named = chosen.isEmpty() ? new HashMap<>() : names.names(chosen);
        List<Report.Tally> out = new ArrayList<>(chosen.size());
        for (int u : chosen) {
            out.add(new Report.Tally(named.get(u), sums[u * 4], sums[u * 4 + 1], sums[u * 4 + 2], sums[u * 4 + 3]));
        }
        return out;
    }
}
