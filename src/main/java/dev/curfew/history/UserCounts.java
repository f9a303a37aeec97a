package dev.curfew.history;

import java.io.ByteArrayOutputStream;
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

    /**
     * Writes the users with any action: their number, the length in bytes of what follows, then per
     * user the gap to the previous number and its four counts. Shifted left by one, the gap's low bit
     * says the counts are all under 4 and packed in one byte (a day's user mostly has one or two
     * actions): a month's report decodes two bytes per user and day instead of five varints.
     */
    void write(DataOutputStream out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(counts.length / 2 + 16);
        DataOutputStream entries = new DataOutputStream(bytes);
        int users = 0;
        int previous = 0;
        for (int at = 0; at < counts.length; at += 4) {
            if (!present(at)) {
                continue;
            }
            users++;
            long gap = at / 4 - previous;
            previous = at / 4;
            if ((counts[at] | counts[at + 1] | counts[at + 2] | counts[at + 3]) < 4) {
                Rollup.varint(entries, gap << 1 | 1);
                entries.writeByte((int) (counts[at] | counts[at + 1] << 2 | counts[at + 2] << 4 | counts[at + 3] << 6));
            } else {
                Rollup.varint(entries, gap << 1);
                for (int k = 0; k < 4; k++) {
                    Rollup.varint(entries, counts[at + k]);
                }
            }
        }
        entries.flush();
        Rollup.varint(out, users);
        Rollup.varint(out, bytes.size());
        bytes.writeTo(out);
    }

    /** Adds {@code users} entries as {@link #write} wrote them in {@code format} (2: five varints each). */
    void read(ByteCursor in, int users, int format) throws IOException {
        int u = 0;
        for (int i = 0; i < users; i++) {
            long first = in.varint();
            boolean packed = format > 2 && (first & 1) != 0;
            u += (int) (format > 2 ? first >>> 1 : first);
            int at = u * 4;
            if (at + 4 > counts.length) {
                counts = Arrays.copyOf(counts, Math.max(counts.length * 2, at + 4));
            }
            if (packed) {
                int b = in.readByte();
                counts[at] += b & 3;
                counts[at + 1] += b >>> 2 & 3;
                counts[at + 2] += b >>> 4 & 3;
                counts[at + 3] += b >>> 6 & 3;
            } else {
                counts[at] += in.varint();
                counts[at + 1] += in.varint();
                counts[at + 2] += in.varint();
                counts[at + 3] += in.varint();
            }
        }
    }

    /**
     * Skips {@code users} entries as {@link #write} wrote them in {@code format}: by their length, or
     * (format 2) varint by varint. Returns where they start.
     */
    static int skip(ByteCursor in, int users, int format) throws IOException {
        if (format == 2) {
            int from = in.position();
            for (int i = 0; i < users * 5; i++) {
                in.varint();
            }
            return from;
        }
        int length = (int) in.varint();
        int from = in.position();
        in.skip(length);
        return from;
    }

    private boolean present(int at) {
        // Every action counts as a warning, disconnect or logoff: a user with none has no entry.
        return counts[at] != 0 || counts[at + 1] != 0 || counts[at + 2] != 0;
    }

    /** The {@code n} users with the most actions and every user tied with the last of them, names read from {@code names}. */
    List<Report.Tally> top(int n, UserNames names) {
        long[] totals = totals();
        if (n <= 0 || present(totals) == 0) {
            return List.of();
        }
        List<Integer> candidates = atLeast(totals, Math.max(1, nth(totals, n)));
        Map<Integer, String> named = names.names(candidates);
        List<Report.Tally> out = new ArrayList<>(candidates.size());
        for (int u : candidates) {
            out.add(tally(u, named, null));
        }
        return out;
    }

    /**
     * The {@code n} users with the most actions, most first, ties by name, once {@code byName} (users
     * counted from actions, whose numbers are not known) are added; names are read for a few
     * candidates only. A user below {@code (n-th largest here) - (most of anyone in byName)} cannot
     * reach the n-th once added, so only the users above need their names. Null when that bound
     * leaves too much open (fewer than {@code n} users here, a user of {@code byName} alone could
     * reach the n-th, or more than {@code maxCandidates} candidates): then every name must be numbered.
     */
    List<Report.Tally> topWith(int n, UserTallies byName, UserNames names, int maxCandidates) {
        if (n <= 0) {
            return List.of();
        }
        long[] totals = totals();
        if (present(totals) < n) {
            return null;
        }
        long nth = nth(totals, n);
        long most = byName.maxTotal();
        if (most >= nth) {
            return null;
        }
        List<Integer> candidates = atLeast(totals, nth - most);
        if (candidates.size() > maxCandidates) {
            return null;
        }
        Map<Integer, String> named = names.names(candidates);
        List<Report.Tally> out = new ArrayList<>(candidates.size());
        for (int u : candidates) {
            out.add(tally(u, named, byName));
        }
        out.sort(UserTallies.ORDER);
        return out.subList(0, Math.min(n, out.size()));
    }

    private Report.Tally tally(int u, Map<Integer, String> named, UserTallies byName) {
        String name = named.get(u);
        if (name == null) {
            throw new HistoryException("report user " + u + " is in a roll-up but not in report_user"
                    + " (delete the report_rollup rows to have them summed again)");
        }
        long[] more = byName == null ? null : byName.countsOf(name);
        long[] c = new long[4];
        for (int k = 0; k < 4; k++) {
            c[k] = counts[u * 4 + k] + (more == null ? 0 : more[k]);
        }
        return new Report.Tally(name, c[0], c[1], c[2], c[3]);
    }

    private long[] totals() {
        long[] totals = new long[counts.length / 4];
        for (int u = 0; u < totals.length; u++) {
            totals[u] = counts[u * 4] + counts[u * 4 + 1] + counts[u * 4 + 2];
        }
        return totals;
    }

    private static int present(long[] totals) {
        int present = 0;
        for (long t : totals) {
            if (t > 0) {
                present++;
            }
        }
        return present;
    }

    /** The {@code n}-th largest of {@code totals}. */
    private static long nth(long[] totals, int n) {
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, sorted.length - n)];
    }

    private static List<Integer> atLeast(long[] totals, long least) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < totals.length; u++) {
            if (totals[u] >= least) {
                out.add(u);
            }
        }
        return out;
    }
}
