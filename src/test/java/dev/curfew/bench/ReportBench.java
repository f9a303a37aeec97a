package dev.curfew.bench;

import dev.curfew.report.Report;
import dev.curfew.report.ReportHtml;
import dev.curfew.report.ReportQuery;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports: the real {@link ReportQuery} over a month of the big fleet's history in H2 (the last 30
 * days before the last row, in Berlin time), just opened and warm, with the roll-ups it reads, what
 * making them costs (all at once, and one day as the hourly job makes it), and their size.
 */
final class ReportBench {
    static final String[] RULES = {"idle limit", "idle limit", "idle limit", "disconnected limit", "closing", "closing"};
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Duration WINDOW = Duration.ofMinutes(10);

    /**
     * The figures, in milliseconds: {@code report} the default report (30 days up to now, ragged
     * ends) just opened and warm (wall time, and the CPU time of its thread), {@code days} the same
     * over whole days, {@code html} rendering it; {@code until} the end of the month reported (a
     * minute after the last action).
     */
    record Result(long rows, boolean generated, double generateSeconds, long firstBuildMillis, long reportCold,
            long reportColdCpu, long reportWarm, long reportWarmCpu, long daysWarm, long htmlMillis, long dayFromActions,
            long dayFromHours, long rollups, long tallyRows, long userBytes, long reportActions, Instant until) {
    }

    private ReportBench() {
    }

    static Result measure(BenchOptions o) throws SQLException {
        Path dir = o.workDir().resolve("report-" + o.reportRows());
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
                db.close();
                db = BenchDb.kept(dir);
            }
            // As if run a minute after the last action: the month is the generated one.
            Instant now = Instant.ofEpochSecond(db.count("SELECT DATEDIFF('SECOND', TIMESTAMP WITH TIME ZONE"
                    + " '1970-01-01 00:00:00Z', MAX(at)) FROM action")).plusSeconds(60);
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            Instant since = now.minus(Duration.ofDays(30));
            long firstBuild = -1;
            if (db.count("SELECT COUNT(*) FROM report_rollup") == 0) {
                ReportQuery making = new ReportQuery(db.dataSource(), clock);
                firstBuild = millis(() -> making.prepare(since, now, ZONE, WINDOW));
            }
            // Measure on a database opened afresh, as a report command would find it.
            db.close();
            db = BenchDb.kept(dir);
            ReportQuery reports = new ReportQuery(db.dataSource(), clock);
            Report[] r = new Report[1];
            long coldCpu = cpuMillis();
            long cold = millis(() -> r[0] = reports.report(since, now, ZONE, WINDOW, 10, false));
            long warmCpu = cpuMillis();
            coldCpu = warmCpu - coldCpu;
            long warm = millis(() -> r[0] = reports.report(since, now, ZONE, WINDOW, 10, false));
            warmCpu = cpuMillis() - warmCpu;
            long html = millis(() -> ReportHtml.render(r[0]));
            Instant firstDay = since.atZone(ZONE).toLocalDate().plusDays(1).atStartOfDay(ZONE).toInstant();
            Instant lastDay = now.atZone(ZONE).toLocalDate().atStartOfDay(ZONE).toInstant();
            long days = millis(() -> reports.report(firstDay, lastDay, ZONE, WINDOW, 10, false));
            Instant dayStart = lastDay.minus(Duration.ofDays(2));
            Instant dayEnd = lastDay.minus(Duration.ofDays(1));
            long fromActions = rebuild(db, reports, dayStart, dayEnd, "start_at >= ? AND end_at <= ?");
            long fromHours = rebuild(db, reports, dayStart, dayEnd, "start_at = ? AND end_at = ?");
            return new Result(db.count("SELECT COUNT(*) FROM action"), generated, generateSeconds, firstBuild, cold,
                    coldCpu, warm, warmCpu, days, html, fromActions, fromHours, db.count("SELECT COUNT(*) FROM report_rollup"),
                    db.count("SELECT COUNT(*) FROM report_tally"),
                    db.count("SELECT COALESCE(SUM(OCTET_LENGTH(data)), 0) FROM report_rollup_users"), r[0].total(), now);
        } finally {
            db.close();
        }
    }

    /** Deletes the day's roll-ups matching {@code which} and times making them again, as the hourly job does. */
    private static long rebuild(BenchDb db, ReportQuery reports, Instant start, Instant end, String which)
            throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM report_rollup WHERE " + which)) {
            ps.setObject(1, start.atOffset(ZoneOffset.UTC));
            ps.setObject(2, end.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return millis(() -> reports.prepare(start, end, ZONE, WINDOW));
    }

    /** The CPU time of this thread: what a report costs, apart from the time it waited for a core. */
    private static long cpuMillis() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    private static long millis(Runnable task) {
        long t = System.nanoTime();
        task.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    /** The action table's secondary indexes as the migrations (V8) leave them, dropped for the bulk load and made again after it. */
    static final String[] INDEXES = {
        "CREATE INDEX action_at ON action (at)",
        "CREATE INDEX action_outcome_at ON action (outcome, at)",
        "CREATE INDEX action_server_session_due ON action (server, session_id, due_at)",
        "CREATE INDEX action_server_key_at ON action (server_key, at)",
        "CREATE INDEX action_user_key_at ON action (user_key, at)"};

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

    /** What {@code curfew report} as a command did: its wall time and the actions it reported, or why it failed. */
    record Command(long millis, long actions, String error) {
    }

    /**
     * Runs {@code curfew report} over the month as a command would be run: a new JVM (the
     * jar) that reads a configuration naming the benchmark's database, opens it, reports to a CSV
     * file and closes it, its wall time from start to exit. The database must be closed here.
     */
    static Command command(BenchOptions o, Instant now) throws Exception {
        Path db = o.workDir().resolve("report-" + o.reportRows()).toAbsolutePath();
        Path config = o.workDir().resolve("report-command").toAbsolutePath();
        Files.createDirectories(config);
        Files.writeString(config.resolve("curfew.yaml"), "history:\n  dir: \"" + db.toString().replace("\\", "/")
                + "\"\n  retention: \"off\"\nreport:\n  comebackWindow: " + WINDOW.toMinutes() + "m\npolicy:\n  zone: " + ZONE + "\n");
        Path csv = config.resolve("report.csv");
        List<String> cmd = Machine.curfew(List.of());
        cmd.addAll(List.of("--config", config.toString(),
                "report", "--since", now.minus(Duration.ofDays(30)).toString(), "--until", now.toString(),
                "--format", "csv", "-o", csv.toString()));
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = p.waitFor();
        long millis = (System.nanoTime() - t) / 1_000_000;
        Matcher m = Pattern.compile("report of (\\d+) actions").matcher(out);
        if (exit != 0 || !m.find()) {
            return new Command(millis, -1, "exit " + exit + ": " + out);
        }
        return new Command(millis, Long.parseLong(m.group(1)), null);
    }

    static Section run(BenchOptions o) throws Exception {
        long t = System.nanoTime();
        Section section = new Section("Reports", String.format("%,d history rows over 30 days, %,d servers, H2 file "
                + "database with the shipped schema (V1 to V9), zone %s", o.reportRows(), o.servers(), ZONE));
        Result r = measure(o);
        section.row("report of the last 30 days (ragged ends), database just opened", "<= 1 s", r.reportCold() + " ms",
                r.reportCold() <= 1000);
        section.row("the same report again (warm)", "<= 1 s", r.reportWarm() + " ms", r.reportWarm() <= 1000);
        section.info("CPU time of the two reports' thread, just opened / warm (apart from waiting for a core on a"
                + " loaded machine)", r.reportColdCpu() + " / " + r.reportWarmCpu() + " ms");
        Command first = command(o, r.until());
        Command again = command(o, r.until());
        section.info("`curfew report` as a command: a new JVM starts, opens the database, reports, closes; first / "
                + "second run", first.error() != null ? "failed: " + first.error() : again.error() != null
                ? "failed: " + again.error() : String.format("%,d / %,d ms (%,d actions)", first.millis(), again.millis(),
                        again.actions()));
        section.info("report of the 29 whole days in it (warm)", r.daysWarm() + " ms");
        section.info("rendering it as HTML with charts", r.htmlMillis() + " ms");
        section.info("actions in the report", String.format("%,d", r.reportActions()));
        section.info("making one day's roll-ups from its actions (24 hours and the day)", r.dayFromActions() + " ms");
        section.info("making one day's roll-up from its stored hours", r.dayFromHours() + " ms");
        section.info("making all roll-ups of the month at once", r.firstBuildMillis() < 0 ? "kept from an earlier run"
                : String.format("%.1f s", r.firstBuildMillis() / 1000.0));
        section.info("roll-ups stored (real and what-if, days and hours)", String.format("%,d, with %,d tally rows"
                + " and %,d kB of users", r.rollups(), r.tallyRows(), r.userBytes() / 1024));
        section.info("rows", String.format("%,d (%s)", r.rows(), r.generated()
                ? String.format("generated in %.1f s", r.generateSeconds()) : "reused from an earlier run"));
        section.note("ReportQuery.report as `curfew report` calls it, as if run a minute after the last action: closed "
                + "days and hours from their roll-ups, the ragged ends (under an hour at each end) and the failures "
                + "from the action table. The hourly job (ReportRollups) makes the roll-ups as hours close.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }
}
