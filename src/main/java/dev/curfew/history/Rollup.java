package dev.curfew.history;

import dev.curfew.policy.ActionType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The report's sums over one stretch of time: tallies per rule, server and user, idle times at
 * disconnect, and come-backs. Mutable while it is summed; merges with others and encodes to bytes.
 *
 * <pre>{@code
 * Rollup day = new Rollup();
 * day.merge(hour);
 * byte[] stored = day.encode(new UserNames(dataSource));
 * }</pre>
 */
final class Rollup {
    /**
     * 3: users by number, their counts packed, skipped by length (2, still read: five varints per
     * user; 1 had their names and is summed again).
     */
    static final int FORMAT = 3;
    /** Users named for the top of a report without numbering the ragged ends' users (see {@link UserCounts#topWith}). */
    static final int MAX_CANDIDATES = 2_000;

    final Map<String, long[]> rules = new HashMap<>();
    final Map<String, long[]> servers = new HashMap<>();
    /** Users counted from actions, by name (lower-cased): numbered only when the roll-up is stored. */
    private final UserTallies users;
    /** Users counted from stored roll-ups, by number. */
    private UserCounts numbered;
    /** The numbered users of a decoded roll-up, still encoded: most are only added to a report's, read once. */
    private byte[] encodedUsers;
    private int encodedFrom;
    private int encodedCount;
    private int encodedFormat;
    final NavigableMap<Long, Long> idle = new TreeMap<>();
    final List<Stamped> comebacks = new ArrayList<>();

    Rollup() {
        this(16);
    }

    private Rollup(int users) {
        this.users = new UserTallies(users);
        this.numbered = new UserCounts(users);
    }

    /** The users counted by number, decoded now if they were not yet. */
    private UserCounts numbered() {
        if (encodedUsers != null) {
            numbered = new UserCounts(encodedCount);
            addEncodedUsers(numbered);
            encodedUsers = null;
        }
        return numbered;
    }

    private void addEncodedUsers(UserCounts into) {
        try {
            into.read(new ByteCursor(encodedUsers, encodedFrom), encodedCount, encodedFormat);
        } catch (IOException e) {
            throw new HistoryException("cannot read a report roll-up's users (it is recomputed when deleted): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The {@code n} users with the most actions, most first, ties by name; {@code names} gives the
     * names of numbered users (read only when some were merged from stored roll-ups).
     */
    List<Report.Tally> topUsers(int n, Supplier<UserNames> names) {
        UserCounts byNumber = numbered();
        if (byNumber.isEmpty()) {
            return users.top(n);
        }
        UserNames table = names.get();
        // Usually the users counted from actions (a report's ragged ends) cannot change who is on
        // top beyond a few candidates: only those are named, instead of every name being looked up.
        List<Report.Tally> quick = byNumber.topWith(n, users, table, MAX_CANDIDATES);
        if (quick != null) {
            return quick;
        }
        Map<String, Integer> found = table.find(users.names());
        byNumber = byNumber.copy();
        UserTallies unnumbered = new UserTallies(16);
        for (int i = 0; i < users.size(); i++) {
            Integer u = found.get(users.name(i));
            if (u == null) {
                unnumbered.add(users.name(i), users.counts(i));
            } else {
                long[] c = users.counts(i);
                byNumber.add(u, c[0], c[1], c[2], c[3]);
            }
        }
        List<Report.Tally> out = new ArrayList<>(byNumber.top(n, table));
        out.addAll(unnumbered.top(n));
        out.sort(UserTallies.ORDER);
        return out.subList(0, Math.min(n, out.size()));
    }

    /** A come-back with the id of the action it follows, which orders come-backs of the same instant. */
    record Stamped(long id, Report.Comeback comeback) {
        static final Comparator<Stamped> ORDER = Comparator.comparing((Stamped s) -> s.comeback.at())
                .thenComparingLong(Stamped::id);
    }

    /** Counts one action. */
    void add(String server, String user, ActionType action, String rule, Outcome outcome, Long idleSeconds) {
        boolean failed = outcome == Outcome.FAILED || outcome == Outcome.UNKNOWN;
        count(rules, rule, action, failed);
        count(servers, server, action, failed);
        if (!user.isEmpty()) {
            users.add(user, action, failed);
        }
        if (action == ActionType.DISCONNECT && outcome != Outcome.FAILED && idleSeconds != null) {
            idle.merge(idleSeconds, 1L, Long::sum);
        }
    }

    private static void count(Map<String, long[]> tallies, String key, ActionType action, boolean failed) {
        long[] t = tallies.computeIfAbsent(key, k -> new long[4]);
        t[action.ordinal()]++;
        if (failed) {
            t[3]++;
        }
    }

    /** Adds everything {@code other} counted. */
    void merge(Rollup other) {
        mergeTallies(rules, other.rules);
        mergeTallies(servers, other.servers);
        if (other.encodedUsers != null) {
            other.addEncodedUsers(numbered());
        } else {
            numbered().addAll(other.numbered);
        }
        users.addAll(other.users);
        other.idle.forEach((k, v) -> idle.merge(k, v, Long::sum));
        comebacks.addAll(other.comebacks);
    }

    private static void mergeTallies(Map<String, long[]> into, Map<String, long[]> from) {
        for (Map.Entry<String, long[]> e : from.entrySet()) {
            long[] t = into.get(e.getKey());
            if (t == null) {
                into.put(e.getKey(), e.getValue().clone());
            } else {
                for (int i = 0; i < 4; i++) {
                    t[i] += e.getValue()[i];
                }
            }
        }
    }

    /** All actions counted. */
    long actions() {
        long n = 0;
        for (long[] t : rules.values()) {
            n += t[0] + t[1] + t[2];
        }
        return n;
    }

    static Report.Tally tally(String key, long[] t) {
        return new Report.Tally(key, t[0], t[1], t[2], t[3]);
    }

    /** The stored form; users named from actions are given numbers in {@code names} first. */
    byte[] encode(UserNames names) {
        UserCounts all = numbered();
        if (users.size() > 0) {
            all = all.copy();
            int[] numbers = names.number(users.names());
            for (int i = 0; i < numbers.length; i++) {
                long[] c = users.counts(i);
                all.add(numbers[i], c[0], c[1], c[2], c[3]);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + users.size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            for (Map<String, long[]> tallies : List.of(rules, servers)) {
                varint(out, tallies.size());
                for (Map.Entry<String, long[]> e : tallies.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (long n : e.getValue()) {
                        varint(out, n);
                    }
                }
            }
            all.write(out);
            varint(out, idle.size());
            for (Map.Entry<Long, Long> e : idle.entrySet()) {
                out.writeLong(e.getKey());
                varint(out, e.getValue());
            }
            varint(out, comebacks.size());
            for (Stamped s : comebacks) {
                Report.Comeback c = s.comeback;
                varint(out, s.id);
                instant(out, c.at());
                out.writeUTF(c.server());
                out.writeInt(c.sessionId());
                out.writeUTF(c.user());
                out.writeByte(c.action().ordinal());
                out.writeUTF(c.rule());
                instant(out, c.back());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether a roll-up stored in {@code format} (its first byte) is read, not summed again. */
    static boolean readable(int format) {
        return format == FORMAT || format == 2;
    }

    static Rollup decode(byte[] data) {
        ByteCursor in = new ByteCursor(data);
        try {
            int format = in.readByte();
            if (!readable(format)) {
                throw new IOException("roll-up format " + format + ", expected " + FORMAT);
            }
            Map<String, long[]> rules = new HashMap<>();
            Map<String, long[]> servers = new HashMap<>();
            for (Map<String, long[]> tallies : List.of(rules, servers)) {
                int n = (int) in.varint();
                for (int i = 0; i < n; i++) {
                    String key = in.readUTF();
                    tallies.put(key, new long[] {in.varint(), in.varint(), in.varint(), in.varint()});
                }
            }
            Rollup r = new Rollup(0);
            r.rules.putAll(rules);
            r.servers.putAll(servers);
            r.encodedCount = (int) in.varint();
            r.encodedUsers = data;
            r.encodedFormat = format;
            r.encodedFrom = UserCounts.skip(in, r.encodedCount, format);
            int idle = (int) in.varint();
            for (int i = 0; i < idle; i++) {
                r.idle.put(in.readLong(), in.varint());
            }
            int comebacks = (int) in.varint();
            for (int i = 0; i < comebacks; i++) {
                long id = in.varint();
                Instant at = instant(in);
                String server = in.readUTF();
                int session = in.readInt();
                String user = in.readUTF();
                ActionType action = ActionType.values()[in.readByte()];
                String rule = in.readUTF();
                Instant back = instant(in);
                r.comebacks.add(new Stamped(id, new Report.Comeback(at, server, session, user, action, rule, back,
                        Duration.between(at, back))));
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw new HistoryException("cannot read a report roll-up (it is recomputed when deleted): "
                    + e.getMessage(), e);
        }
    }

    private static void instant(DataOutputStream out, Instant i) throws IOException {
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
    }

    private static Instant instant(ByteCursor in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    static void varint(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }
}
