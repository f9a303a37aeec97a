package dev.curfew.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reports: report-style aggregate queries (per day, per server, per rule, top users) over a month of
 * the big fleet's history in H2, generated with the shipped schema. The real {@code curfew report} is
 * on another branch: these queries stand in for it until it is merged and measured.
 */
final class ReportBench {
    static final String[] RULES = {"idle limit", "idle limit", "idle limit", "disconnected limit", "closing", "closing"};

    /** The queries a report runs, by name. */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("per day and action", "SELECT CAST(at AS DATE) AS on_day, action, COUNT(*) FROM action"
                + " GROUP BY on_day, action ORDER BY on_day, action");
        QUERIES.put("per server", "SELECT server, COUNT(*), SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END)"
                + " FROM action GROUP BY server ORDER BY COUNT(*) DESC");
        QUERIES.put("per rule, action and outcome", "SELECT rule, action, outcome, COUNT(*) FROM action"
                + " GROUP BY rule, action, outcome ORDER BY rule, action, outcome");
        QUERIES.put("top 20 users disconnected or logged off", "SELECT user_name, domain, COUNT(*) AS n FROM action"
                + " WHERE action <> 'warn' GROUP BY user_name, domain ORDER BY n DESC LIMIT 20");
        QUERIES.put("last 7 days per server (index range)", "SELECT server, COUNT(*) FROM action"
                + " WHERE at >= DATEADD('DAY', -7, (SELECT MAX(at) FROM action)) GROUP BY server");
    }

    /** The time of each query, cold (first after opening) and warm (run again), in milliseconds. */
    record Result(long rows, boolean generated, double generateSeconds, Map<String, long[]> millis) {
        long coldTotal() {
            return millis.values().stream().mapToLong(m -> m[0]).sum();
        }

        long warmTotal() {
            return millis.values().stream().mapToLong(m -> m[1]).sum();
        }
    }

    private ReportBench() {
    }

    static Result measure(BenchOptions o) throws SQLException {
        java.nio.file.Path dir = o.workDir().resolve("report-" + o.reportRows());
        boolean generated = false;
        double generateSeconds = 0;
        BenchDb db = BenchDb.kept(dir);
        try {
            if (db.count("SELECT COUNT(*) FROM action") != o.reportRows()) {
                db.close();
                BenchDb.delete(dir);
                db = BenchDb.kept(dir);
                long t = System.nanoTime();
                generate(db, o.reportRows(), o.servers(), o.sessions());
                generateSeconds = (System.nanoTime() - t) / 1e9;
                generated = true;
                // Measure on a database opened afresh, as a report command would find it.
                db.close();
                db = BenchDb.kept(dir);
            }
            Map<String, long[]> millis = new LinkedHashMap<>();
            try (Connection c = db.dataSource().getConnection()) {
                for (var q : QUERIES.entrySet()) {
                    long cold = time(c, q.getValue());
                    // The same text again would be answered from H2's result cache: a comment makes it a new query.
                    long warm = time(c, q.getValue() + " -- again");
                    millis.put(q.getKey(), new long[] {cold, warm});
                }
            }
            return new Result(db.count("SELECT COUNT(*) FROM action"), generated, generateSeconds, millis);
        } finally {
            db.close();
        }
    }

    /** The shipped schema's secondary indexes (V1__history.sql), dropped for the bulk load and made again after it. */
    static final String[] INDEXES = {
        "CREATE INDEX action_at ON action (at)",
        "CREATE INDEX action_server_at ON action (server, at)",
        "CREATE INDEX action_user_at ON action (user_name, at)",
        "CREATE INDEX action_outcome ON action (outcome)"};

    /**
     * {@code rows} actions over the 30 days before now: the fleet's closings, idle limits and overnight
     * logoffs. Loaded without the secondary indexes, which are made again afterwards, and compacted:
     * row by row into all five trees, 3,000,000 rows grew the file past 11 GB before they were in.
     */
    static void generate(BenchDb db, int rows, int servers, int sessions) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String index : INDEXES) {
                st.execute("DROP INDEX IF EXISTS " + index.split(" ")[2]);
            }
        }
        load(db, rows, servers, sessions);
        Connection c = db.dataSource().getConnection();
        try (Statement st = c.createStatement()) {
            for (String index : INDEXES) {
                st.execute(index);
            }
            st.execute("SHUTDOWN COMPACT");
        } finally {
            try {
                c.close();
            } catch (SQLException closedByShutdown) {
                // SHUTDOWN closed the database under the pool: expected, the caller opens it again
            }
        }
    }

    private static void load(BenchDb db, int rows, int servers, int sessions) throws SQLException {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long span = Duration.ofDays(30).toSeconds();
        SplittableRandom r = new SplittableRandom(42);
        String sql = "INSERT INTO action (at, server, session_id, user_name, domain, client, station, action, rule,"
                + " reason, source, what_if, idle_seconds, outcome, error, finished_at, node)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                int server = r.nextInt(servers);
                int session = 1 + r.nextInt(sessions);
                String rule = RULES[r.nextInt(RULES.length)];
                boolean warn = r.nextInt(3) == 0 && !rule.equals("disconnected limit");
                String action = warn ? "warn" : rule.equals("disconnected limit") ? "logoff" : "disconnect";
                boolean failed = r.nextInt(200) == 0;
                Instant at = end.minusSeconds(span * (rows - i) / rows);
                ps.setObject(1, at.atOffset(ZoneOffset.UTC));
                ps.setString(2, FleetHost.serverName(server).value());
                ps.setInt(3, session);
                ps.setString(4, "u" + (server + 1) + "-" + (1 + r.nextInt(sessions * 4)));
                ps.setString(5, "BENCH");
                ps.setString(6, "PC-" + session);
                ps.setString(7, "RDP-Tcp#" + session);
                ps.setString(8, action);
                ps.setString(9, rule);
                ps.setString(10, rule.equals("closing") ? "end of day" : "idle 30m12s");
                ps.setString(11, rule.equals("closing") ? "closing" : "policy");
                ps.setBoolean(12, false);
                ps.setObject(13, rule.equals("disconnected limit") ? null : 1812L);
                ps.setString(14, failed ? "failed" : "done");
                ps.setString(15, failed ? "srv: WTSDisconnectSession failed: ERROR_ACCESS_DENIED (5)" : null);
                ps.setObject(16, at.plusMillis(40).atOffset(ZoneOffset.UTC));
                ps.setString(17, "bench");
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
                if (i % 100_000 == 99_999) {
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
    }

    private static long time(Connection c, String sql) throws SQLException {
        long t = System.nanoTime();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                n += rs.getMetaData().getColumnCount();
            }
            if (n < 0) {
                throw new IllegalStateException();
            }
        }
        return (System.nanoTime() - t) / 1_000_000;
    }

    static Section run(BenchOptions o) throws SQLException {
        long t = System.nanoTime();
        Section section = new Section("Reports", String.format("%,d history rows over 30 days, %,d servers, H2 file "
                + "database with the shipped schema and indexes", o.reportRows(), o.servers()));
        Result r = measure(o);
        section.row("all " + QUERIES.size() + " queries, database just opened", "<= 1 s", r.coldTotal() + " ms",
                r.coldTotal() <= 1000);
        section.row("all " + QUERIES.size() + " queries, run again (warm)", "<= 1 s", r.warmTotal() + " ms",
                r.warmTotal() <= 1000);
        for (var e : r.millis().entrySet()) {
            section.info(e.getKey() + " (just opened / warm)", e.getValue()[0] + " / " + e.getValue()[1] + " ms");
        }
        section.info("rows", String.format("%,d (%s)", r.rows(), r.generated()
                ? String.format("generated in %.1f s", r.generateSeconds()) : "reused from an earlier run"));
        section.note("Stand-in queries: the `curfew report` command is being written on another branch; these are the "
                + "aggregates a report needs, run with plain JDBC on the shipped schema (V1__history.sql). Re-measure "
                + "with the real command once it is merged.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }
}
