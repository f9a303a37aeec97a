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

/**
 * The report's sums over one stretch of time: tallies per rule, server and user, idle times at
 * disconnect, and come-backs. Mutable while it is summed; merges with others and encodes to bytes.
 *
 * <pre>{@code
 * Rollup day = new Rollup();
 * day.merge(hour);
 * byte[] stored = day.encode();
 * }</pre>
 */
final class Rollup {
    private static final int FORMAT = 1;

    final Map<String, long[]> rules = new HashMap<>();
    final Map<String, long[]> servers = new HashMap<>();
    private UserTallies users;
    /** The users of a decoded roll-up, still encoded: most are only added to a report's, read once. */
    private byte[] encodedUsers;
    private int encodedFrom;
    private int encodedCount;
    final NavigableMap<Long, Long> idle = new TreeMap<>();
    final List<Stamped> comebacks = new ArrayList<>();

    Rollup() {
        this(16);
    }

    private Rollup(int users) {
        this.users = new UserTallies(users);
    }

    /** The tallies per user, decoded now if they were not yet. */
    UserTallies users() {
        if (encodedUsers != null) {
            users = new UserTallies(encodedCount);
            addEncodedUsers(users);
            encodedUsers = null;
        }
        return users;
    }

    private void addEncodedUsers(UserTallies into) {
        ByteCursor in = new ByteCursor(encodedUsers, encodedFrom);
        try {
            for (int i = 0; i < encodedCount; i++) {
                int len = in.readUnsignedShort();
                int at = in.position();
                in.skip(len);
                into.add(in.data(), at, len, in.varint(), in.varint(), in.varint(), in.varint());
            }
        } catch (IOException e) {
            throw new HistoryException("cannot read a report roll-up's users (it is recomputed when deleted): "
                    + e.getMessage(), e);
        }
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
            users().add(user, action, failed);
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
            other.addEncodedUsers(users());
        } else {
            users().addAll(other.users);
        }
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

    byte[] encode() {
        UserTallies users = users();
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
            varint(out, users.size());
            users.write(out);
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

    static Rollup decode(byte[] data) {
        ByteCursor in = new ByteCursor(data);
        try {
            int format = in.readByte();
            if (format != FORMAT) {
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
            r.encodedFrom = in.position();
            for (int i = 0; i < r.encodedCount; i++) {
                in.skip(in.readUnsignedShort());
                for (int k = 0; k < 4; k++) {
                    in.varint();
                }
            }
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
