package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.ActionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report's top users: stored roll-ups count users by number, its ragged ends by name. Naming only
 * the candidates the bound leaves gives the same top as numbering every name, ties included.
 */
class TopUsersTest {
    private static final ActionType[] ACTIONS = ActionType.values();

    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    /** Users u0..u{users-1}; a few also written in capitals, which must count as the same user. */
    private record Case(List<String[]> stored, List<String[]> raw, int n) {
    }

    private static Case random(SplittableRandom r) {
        int users = 3 + r.nextInt(40);
        int storedPerUser = 1 + r.nextInt(12);
        // From nothing to as much as the stored part: sometimes the ragged ends could decide the top.
        int rawActions = r.nextInt(3) == 0 ? r.nextInt(users * storedPerUser) : r.nextInt(users);
        List<String[]> stored = new ArrayList<>();
        for (int i = 0; i < users * storedPerUser / 2; i++) {
            stored.add(action(r, "u" + r.nextInt(users)));
        }
        List<String[]> raw = new ArrayList<>();
        for (int i = 0; i < rawActions; i++) {
            // Some users appear only in the ragged ends, never stored.
            raw.add(action(r, (r.nextInt(4) == 0 ? "U" : "u") + r.nextInt(users + 3)));
        }
        return new Case(stored, raw, 1 + r.nextInt(6));
    }

    private static String[] action(SplittableRandom r, String user) {
        return new String[] {user, ACTIONS[r.nextInt(ACTIONS.length)].name(), r.nextInt(8) == 0 ? "failed" : "done"};
    }

    @Test
    void namingOnlyTheCandidatesGivesTheTopOfNumberingEveryName() {
        SplittableRandom r = new SplittableRandom(11);
        UserNames names = new UserNames(h2.store().dataSource());
        int quick = 0;
        int all = 0;
        for (int i = 0; i < 300; i++) {
            Case c = random(r);
            List<Report.Tally> expected = bruteForce(c);

            Rollup stored = new Rollup();
            c.stored().forEach(a -> add(stored, a));
            Rollup report = new Rollup();
            report.merge(Rollup.decode(stored.encode(names)));
            c.raw().forEach(a -> add(report, a));
            assertThat(report.topUsers(c.n(), () -> names)).as("case %d", i).isEqualTo(expected);

            // The bound itself: when it answers, its answer is the top; count how often it does.
            UserCounts byNumber = new UserCounts(0);
            Map<String, long[]> storedCounts = counts(c.stored());
            int[] numbers = names.number(new ArrayList<>(storedCounts.keySet()));
            int k = 0;
            for (long[] t : storedCounts.values()) {
                byNumber.add(numbers[k++], t[0], t[1], t[2], t[3]);
            }
            UserTallies byName = new UserTallies(4);
            counts(c.raw()).forEach(byName::add);
            List<Report.Tally> top = byNumber.topWith(c.n(), byName, names, Rollup.MAX_CANDIDATES);
            if (top == null) {
                all++;
            } else {
                quick++;
                assertThat(top).as("case %d by the bound", i).isEqualTo(expected);
            }
        }
        assertThat(quick).as("cases the bound answered").isGreaterThan(50);
        assertThat(all).as("cases left to numbering every name").isGreaterThan(20);
    }

    @Test
    void tooManyCandidatesLeaveItToNumberingEveryName() {
        UserNames names = new UserNames(h2.store().dataSource());
        UserCounts byNumber = new UserCounts(0);
        int[] numbers = names.number(List.of("ann", "bob", "cleo", "dora"));
        for (int u : numbers) {
            byNumber.add(u, 0, 5, 0, 0);
        }
        UserTallies byName = new UserTallies(4);
        byName.add("bob", new long[] {1, 0, 0, 0});

        assertThat(byNumber.topWith(1, byName, names, 3)).isNull();
        assertThat(byNumber.topWith(1, byName, names, 4)).containsExactly(new Report.Tally("bob", 1, 5, 0, 0));
        // A user of the ragged ends alone could reach the n-th: no bound.
        byName.add("eve", new long[] {0, 0, 5, 0});
        assertThat(byNumber.topWith(1, byName, names, 4)).isNull();
    }

    @Test
    void countsOfFourOrMoreAndPackedOnesBothComeBackFromTheStoredForm() {
        UserNames names = new UserNames(h2.store().dataSource());
        Rollup day = new Rollup();
        for (int i = 0; i < 300; i++) {
            day.add("ms01", "ann", ActionType.DISCONNECT, "idle limit", Outcome.DONE, null);
        }
        day.add("ms01", "bob", ActionType.WARN, "idle limit", Outcome.DONE, null);
        day.add("ms01", "bob", ActionType.LOGOFF, "closing", Outcome.FAILED, null);
        for (int i = 0; i < 3; i++) {
            day.add("ms01", "cleo", ActionType.LOGOFF, "closing", Outcome.FAILED, null);
        }
        byte[] stored = day.encode(names);
        assertThat(stored[0]).isEqualTo((byte) Rollup.FORMAT);

        assertThat(Rollup.decode(stored).topUsers(5, () -> names)).containsExactly(
                new Report.Tally("ann", 0, 300, 0, 0), new Report.Tally("cleo", 0, 0, 3, 3),
                new Report.Tally("bob", 1, 0, 1, 1));
        // 1,000 users of one action each: a gap and a packed byte per user, not five varints.
        Rollup many = new Rollup();
        for (int i = 0; i < 1000; i++) {
            many.add("ms01", "user" + i, ActionType.DISCONNECT, "idle limit", Outcome.DONE, null);
        }
        assertThat(many.encode(names).length).isLessThan(2 * 1000 + 200);
    }

    @Test
    void rollupsStoredInFormatTwoAreStillRead() throws Exception {
        UserNames names = new UserNames(h2.store().dataSource());
        int[] numbers = names.number(List.of("ann", "bob"));
        // Format 2, as roll-ups were stored before format 3: no rules or servers here, two users of five varints each
        // (number gap, warnings, disconnects, logoffs, failed), no idle times, no come-backs.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(2);
        Rollup.varint(out, 0);
        Rollup.varint(out, 0);
        Rollup.varint(out, 2);
        for (long v : new long[] {numbers[0], 1, 200, 0, 0, numbers[1] - numbers[0], 0, 0, 7, 2}) {
            Rollup.varint(out, v);
        }
        Rollup.varint(out, 1);
        out.writeLong(1800);
        Rollup.varint(out, 9);
        Rollup.varint(out, 0);

        Rollup old = Rollup.decode(bytes.toByteArray());
        assertThat(old.idle).containsExactly(Map.entry(1800L, 9L));
        Rollup report = new Rollup();
        report.merge(old);
        report.add("ms01", "Bob", ActionType.LOGOFF, "closing", Outcome.DONE, null);
        assertThat(report.topUsers(5, () -> names)).containsExactly(new Report.Tally("ann", 1, 200, 0, 0),
                new Report.Tally("bob", 0, 0, 8, 2));
    }

    private static void add(Rollup r, String[] a) {
        r.add("ms01", a[0], ActionType.valueOf(a[1]), "idle limit", Outcome.parse(a[2]), null);
    }

    /** Warnings, disconnects, logoffs and failures per lower-cased user. */
    private static Map<String, long[]> counts(List<String[]> actions) {
        Map<String, long[]> out = new HashMap<>();
        for (String[] a : actions) {
            long[] t = out.computeIfAbsent(a[0].toLowerCase(Locale.ROOT), k -> new long[4]);
            t[ActionType.valueOf(a[1]).ordinal()]++;
            if (a[2].equals("failed")) {
                t[3]++;
            }
        }
        return out;
    }

    private static List<Report.Tally> bruteForce(Case c) {
        List<String[]> every = new ArrayList<>(c.stored());
        every.addAll(c.raw());
        List<Report.Tally> out = new ArrayList<>();
        counts(every).forEach((user, t) -> out.add(new Report.Tally(user, t[0], t[1], t[2], t[3])));
        out.sort(UserTallies.ORDER);
        return out.subList(0, Math.min(c.n(), out.size()));
    }
}
