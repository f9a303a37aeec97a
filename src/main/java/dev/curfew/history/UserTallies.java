package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The tallies per user counted from actions, keyed by the user's name as it is encoded (modified
 * UTF-8, as {@link DataOutputStream#writeUTF} writes it) and numbered in the order first seen. Stored
 * roll-ups number their users in {@link UserNames} instead and are tallied in {@link UserCounts}.
 *
 * <pre>{@code
 * UserTallies users = new UserTallies(16);
 * users.add("ann", ActionType.DISCONNECT, false);
 * List<Report.Tally> top = users.top(10);
 * }</pre>
 */
final class UserTallies {
    static final Comparator<Report.Tally> ORDER = Comparator.comparingLong(Report.Tally::total).reversed()
            .thenComparing(Report.Tally::key);

    /** The encoded names, back to back; {@code spans} finds each one: start << 16 | length. */
    private byte[] names;
    private int namesUsed;
    private long[] spans;
    private int[] hashes;
    /** Warnings, disconnects, logoffs and failures of each user, four longs per user. */
    private long[] counts;
    private int size;
    /**
     * Open addressing, never more than half full: hash << 32 | user number + 1, 0 where free. The
     * hash is there to spare a look at the user's name (a cache miss, in a month's report).
     */
    private long[] slots;

    UserTallies(int expected) {
        int capacity = Math.max(expected, 4);
        names = new byte[capacity * 12];
        spans = new long[capacity];
        hashes = new int[capacity];
        counts = new long[capacity * 4];
        slots = new long[Integer.highestOneBit(capacity * 2 - 1) << 1];
    }

    int size() {
        return size;
    }

    /** Counts one action of {@code user}, lower-cased. */
    void add(String user, ActionType action, boolean failed) {
        byte[] name = encode(user.toLowerCase(Locale.ROOT));
        int u = number(name, 0, name.length, hash(name, 0, name.length));
        counts[u * 4 + action.ordinal()]++;
        if (failed) {
            counts[u * 4 + 3]++;
        }
    }

    /** Adds the tallies of {@code name}, already lower-cased: warnings, disconnects, logoffs, failed. */
    void add(String name, long[] counts) {
        byte[] encoded = encode(name);
        int u = number(encoded, 0, encoded.length, hash(encoded, 0, encoded.length));
        for (int k = 0; k < 4; k++) {
            this.counts[u * 4 + k] += counts[k];
        }
    }

    /** The names of the users, lower-cased, in the order of their numbers here. */
    List<String> names() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(name(i));
        }
        return out;
    }

    /** Warnings, disconnects, logoffs and failures of the {@code i}-th user. */
    long[] counts(int i) {
        return Arrays.copyOfRange(counts, i * 4, i * 4 + 4);
    }

    /** The most actions (warnings, disconnects and logoffs) of any one user; 0 when none. */
    long maxTotal() {
        long max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, counts[i * 4] + counts[i * 4 + 1] + counts[i * 4 + 2]);
        }
        return max;
    }

    /** The tallies of {@code name}, lower-cased, as {@link #counts}; null when it was not counted. */
    long[] countsOf(String name) {
        byte[] encoded = encode(name);
        int hash = hash(encoded, 0, encoded.length);
        int mask = slots.length - 1;
        for (int s = (hash ^ (hash >>> 16)) & mask; ; s = (s + 1) & mask) {
            long slot = slots[s];
            if (slot == 0) {
                return null;
            }
            int u = (int) slot - 1;
            if ((int) (slot >>> 32) == hash && length(spans[u]) == encoded.length
                    && same(encoded, 0, encoded.length, start(spans[u]))) {
                return counts(u);
            }
        }
    }

    /** Adds everything {@code other} counted. */
    void addAll(UserTallies other) {
        for (int i = 0; i < other.size; i++) {
            int u = number(other.names, start(other.spans[i]), length(other.spans[i]), other.hashes[i]);
            for (int k = 0; k < 4; k++) {
                counts[u * 4 + k] += other.counts[i * 4 + k];
            }
        }
    }

    /** The {@code n} users with the most actions, most first, ties by name. */
    List<Report.Tally> top(int n) {
        if (n <= 0 || size == 0) {
            return List.of();
        }
        long[] totals = new long[size];
        for (int i = 0; i < size; i++) {
            totals[i] = counts[i * 4] + counts[i * 4 + 1] + counts[i * 4 + 2];
        }
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        // Every user tied with the n-th is a candidate: the names break the tie.
        long least = sorted[Math.max(0, size - n)];
        List<Report.Tally> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (totals[i] >= least) {
                out.add(new Report.Tally(name(i), counts[i * 4], counts[i * 4 + 1], counts[i * 4 + 2],
                        counts[i * 4 + 3]));
            }
        }
        out.sort(ORDER);
        return out.subList(0, Math.min(n, out.size()));
    }

    String name(int u) {
        int length = length(spans[u]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length + 2);
        bytes.write(length >>> 8);
        bytes.write(length);
        bytes.write(names, start(spans[u]), length);
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())).readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length() + 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        return Arrays.copyOfRange(all, 2, all.length);
    }

    private static int hash(byte[] buf, int off, int len) {
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        return h;
    }

    private static int start(long span) {
        return (int) (span >>> 16);
    }

    private static int length(long span) {
        return (int) span & 0xFFFF;
    }

    /** The number of the user named {@code buf[off, off + len)}, given one if new. */
    private int number(byte[] buf, int off, int len, int hash) {
        int mask = slots.length - 1;
        for (int s = (hash ^ (hash >>> 16)) & mask; ; s = (s + 1) & mask) {
            long slot = slots[s];
            if (slot == 0) {
                int u = append(buf, off, len, hash);
                slots[s] = (long) hash << 32 | (u + 1);
                if (size * 2 > slots.length) {
                    rehash();
                }
                return u;
            }
            if ((int) (slot >>> 32) == hash) {
                int u = (int) slot - 1;
                if (length(spans[u]) == len && same(buf, off, len, start(spans[u]))) {
                    return u;
                }
            }
        }
    }

    private boolean same(byte[] buf, int off, int len, int at) {
        for (int i = 0; i < len; i++) {
            if (names[at + i] != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    private int append(byte[] buf, int off, int len, int hash) {
        if (size == spans.length) {
            int capacity = size * 2;
            spans = Arrays.copyOf(spans, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            counts = Arrays.copyOf(counts, capacity * 4);
        }
        if (namesUsed + len > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, namesUsed + len));
        }
        System.arraycopy(buf, off, names, namesUsed, len);
        spans[size] = (long) namesUsed << 16 | len;
        hashes[size] = hash;
        namesUsed += len;
        return size++;
    }

    private void rehash() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long slot : old) {
            if (slot != 0) {
                int hash = (int) (slot >>> 32);
                int s = (hash ^ (hash >>> 16)) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = slot;
            }
        }
    }
}
