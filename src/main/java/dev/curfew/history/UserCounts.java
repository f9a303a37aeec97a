package dev.curfew.history;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tallies per user of stored roll-ups, indexed by the users' numbers ({@link UserNames}): a
 * month's report adds millions of entries, each an addition into four longs, no hashing.
 */
final class UserCounts {
    /** Warnings, disconnects, logoffs and failures of user {@code u} at {@code u * 4}. */
    private long[] counts;

    UserCounts(int expectedUsers) {
        counts = new long[Math.max(expectedUsers, 4) * 4];
    }

    boolean isEmpty() {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    void add(int u, long warnings, long disconnects, long logoffs, long failed) {
        int at = u * 4;
        if (at + 4 > counts.length) {
            counts = Arrays.copyOf(counts, Math.max(counts.length * 2, at + 4));
        }
        counts[at] += warnings;
        counts[at + 1] += disconnects;
        counts[at + 2] += logoffs;
        counts[at + 3] += failed;
    }

    void addAll(UserCounts other) {
        if (other.counts.length > counts.length) {
            counts = Arrays.copyOf(counts, other.counts.length);
        }
        for (int i = 0; i < other.counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    UserCounts copy() {
        UserCounts c = new UserCounts(0);
        c.counts = counts.clone();
        return c;
    }

    /** Writes the users with any action: their number, then each the gap to the previous, and four counts. */
    void write(DataOutputStream out) throws IOException {
        int users = 0;
        for (int at = 0; at < counts.length; at += 4) {
            if (present(at)) {
                users++;
            }
        }
        Rollup.varint(out, users);
        int previous = 0;
        for (int at = 0; at < counts.length; at += 4) {
            if (present(at)) {
                Rollup.varint(out, at / 4 - previous);
                previous = at / 4;
                for (int k = 0; k < 4; k++) {
                    Rollup.varint(out, counts[at + k]);
                }
            }
        }
    }

    /** Adds {@code users} entries as {@link #write} wrote them. */
    void read(ByteCursor in, int users) throws IOException {
        int u = 0;
        for (int i = 0; i < users; i++) {
            u += (int) in.varint();
            int at = u * 4;
            if (at + 4 > counts.length) {
                counts = Arrays.copyOf(counts, Math.max(counts.length * 2, at + 4));
            }
            counts[at] += in.varint();
            counts[at + 1] += in.varint();
            counts[at + 2] += in.varint();
            counts[at + 3] += in.varint();
        }
    }

    /** Skips {@code users} entries as {@link #write} wrote them. */
    static void skip(ByteCursor in, int users) throws IOException {
        for (int i = 0; i < users * 5; i++) {
            in.varint();
        }
    }

    private boolean present(int at) {
        // Every action counts as a warning, disconnect or logoff: a user with none has no entry.
        return counts[at] != 0 || counts[at + 1] != 0 || counts[at + 2] != 0;
    }

    /** The {@code n} users with the most actions and every user tied with the last of them, names read from {@code names}. */
    List<Report.Tally> top(int n, UserNames names) {
        int users = counts.length / 4;
        long[] totals = new long[users];
        int present = 0;
        for (int u = 0; u < users; u++) {
            totals[u] = counts[u * 4] + counts[u * 4 + 1] + counts[u * 4 + 2];
            if (totals[u] > 0) {
                present++;
            }
        }
        if (n <= 0 || present == 0) {
            return List.of();
        }
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        long least = Math.max(1, sorted[Math.max(0, users - n)]);
        List<Integer> candidates = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            if (totals[u] >= least) {
                candidates.add(u);
            }
        }
        Map<Integer, String> named = names.names(candidates);
        List<Report.Tally> out = new ArrayList<>(candidates.size());
        for (int u : candidates) {
            String name = named.get(u);
            if (name == null) {
                throw new HistoryException("report user " + u + " is in a roll-up but not in report_user"
                        + " (delete the report_rollup rows to have them summed again)");
            }
            out.add(new Report.Tally(name, counts[u * 4], counts[u * 4 + 1], counts[u * 4 + 2], counts[u * 4 + 3]));
        }
        return out;
    }
}
