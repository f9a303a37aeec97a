package dev.curfew.report;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A roll-up's users as {@code report_rollup_users} stores them: for each user its number (see
 * {@link UserNames}) and its warnings, disconnects, logoffs and failures, five big-endian ints back
 * to back. The one stored form that is not rows: a day of a big fleet has some 80,000 users, and
 * reading a month of them as rows took H2 longer than a whole report may (docs/BENCHMARKS.md).
 */
final class StoredUsers {
    static final int INTS_PER_USER = 5;

    private StoredUsers() {
    }

    static byte[] encode(Map<Integer, Counts> users) {
        ByteBuffer out = ByteBuffer.allocate(users.size() * INTS_PER_USER * Integer.BYTES);
        users.forEach((number, c) -> out.putInt(number).putInt(Math.toIntExact(c.warnings))
                .putInt(Math.toIntExact(c.disconnects)).putInt(Math.toIntExact(c.logoffs))
                .putInt(Math.toIntExact(c.failed)));
        return out.array();
    }

    /** The records of {@link #encode}: number, warnings, disconnects, logoffs, failed, for each user in turn. */
    static int[] decode(byte[] data) {
        if (data.length % (INTS_PER_USER * Integer.BYTES) != 0) {
            throw new IllegalArgumentException(data.length + " bytes of users is not a whole number of "
                    + INTS_PER_USER * Integer.BYTES + "-byte records");
        }
        int[] out = new int[data.length / Integer.BYTES];
        ByteBuffer.wrap(data).asIntBuffer().get(out);
        return out;
    }
}
