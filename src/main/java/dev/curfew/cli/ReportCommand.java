package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.config.Durations;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryLockedException;
import dev.curfew.http.DaemonClient;
import dev.curfew.report.Report;
import dev.curfew.report.ReportHtml;
import dev.curfew.report.ReportQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew report}: what curfew did over a period, summed up; HTML with charts for people. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Sums up what curfew did over a period.",
            "Actions per day, per server and per rule, the top users, failures, and",
            "come-backs: users connected again soon after curfew ended their session, a",
            "sign that a limit may be too tight (the window is report.comebackWindow).",
            "--format html -o FILE writes one self-contained page with charts."})
public final class ReportCommand implements Callable<Integer> {
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> COLUMNS = List.of("section", "key", "actions", "warnings", "disconnects",
            "logoffs", "failed", "at", "server", "sessionId", "user", "action", "rule", "outcome", "detail");

    /** The report's output formats. */
    enum ReportFormat { TABLE, CSV, JSON, HTML }

    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "30d",
            description = "From this time: 7d, 12h, 2026-11-23, 2026-11-23T08:00 (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Before this time (same forms; default: now).")
    String until;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Users listed (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--what-if", description = "Report the what-if actions (recorded, never sent) instead of the real ones.")
    boolean whatIf;

    @Option(names = "--format", paramLabel = "table|csv|json|html", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (top < 0) {
            throw new UsageException("--top: " + top + " must not be negative");
        }
        try (Curfew curfew = root.open()) {
            ZoneId zone = curfew.config().policy().zone();
            Clock clock = curfew.clock();
            Instant from = Times.parse("--since", since, clock, zone);
            Instant to = until == null ? clock.instant() : Times.parse("--until", until, clock, zone);
            if (!to.isAfter(from)) {
                throw new UsageException("--until: " + to + " is not after --since " + from);
            }
            Report report;
            try {
                report = new ReportQuery(curfew.history().dataSource(), clock)
                        .report(from, to, zone, curfew.config().report().comebackWindow(), top, whatIf);
            } catch (HistoryLockedException locked) {
                return fromDaemon(curfew.config(), locked, from, to);
            }
            if (output == null) {
                write(report, spec.commandLine().getOut());
            } else {
                try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                    write(report, out);
                }
                spec.commandLine().getErr().println("curfew: report of " + report.total() + " actions written to "
                        + output);
            }
            return Main.DONE;
        }
    }

    /** The running daemon holds the embedded file: it makes the same report in the same form. */
    private int fromDaemon(dev.curfew.config.CurfewConfig config, HistoryLockedException locked, Instant from, Instant to)
            throws IOException {
        // The period as this command read it, not as the daemon would read "30d" a moment later.
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("since", from.toString());
        params.put("until", to.toString());
        params.put("top", Integer.toString(top));
        params.put("whatIf", Boolean.toString(whatIf));
        params.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        DaemonClient.Answer answer = DaemonClient.fetch(config, locked, "/api/report", params);
        if (output == null) {
            spec.commandLine().getOut().print(answer.text());
            spec.commandLine().getOut().flush();
        } else {
            Files.write(output, answer.body());
            spec.commandLine().getErr().println("curfew: report of " + answer.actions() + " actions written to " + output);
        }
        return Main.DONE;
    }

    private void write(Report r, PrintWriter out) {
        write(r, format, out);
    }

    /** Writes {@code r} as {@code curfew report --format format} does: table, csv, json or html. */
    public static void write(Report r, String format, PrintWriter out) {
        write(r, ReportFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)), out);
    }

    private static void write(Report r, ReportFormat format, PrintWriter out) {
        switch (format) {
            case HTML -> out.print(ReportHtml.render(r));
            case TABLE -> table(r, out);
            case CSV -> rows(r).print(Format.CSV, out, null);
            case JSON -> rows(r).print(Format.JSON, out, null);
        }
        out.flush();
    }

    private static void table(Report r, PrintWriter out) {
        out.println("curfew report " + TABLE_TIME.format(r.since().atZone(r.zone())) + " to "
                + TABLE_TIME.format(r.until().atZone(r.zone())) + " (" + r.zone() + ")" + (r.whatIf() ? ", what-if" : "")
                + ": " + r.total() + " actions, " + r.perDay().stream().mapToLong(Report.Tally::failed).sum()
                + " failed or unknown, " + r.comebacks().size() + " come-backs within "
                + Durations.format(r.comebackWindow()));
        tallies(out, "PER DAY", "DAY", r.perDay());
        tallies(out, "PER SERVER", "SERVER", r.perServer());
        tallies(out, "PER RULE", "RULE", r.perRule());
        tallies(out, "TOP USERS", "USER", r.topUsers());
        out.println();
        out.println("COME-BACKS");
        Rows back = new Rows(List.of("at", "server", "id", "user", "action", "rule", "after"));
        r.comebacks().forEach(c -> back.add(TABLE_TIME.format(c.at().atZone(r.zone())), c.server(), c.sessionId(),
                c.user(), c.action().label(), c.rule(), Durations.format(c.after())));
        back.print(Format.TABLE, out, List.of("TIME", "SERVER", "ID", "USER", "ACTION", "RULE", "BACK AFTER"));
        out.println();
        out.println("FAILURES");
        Rows failed = new Rows(List.of("at", "server", "id", "user", "action", "rule", "outcome"));
        r.failures().forEach(e -> failed.add(TABLE_TIME.format(e.at().atZone(r.zone())), e.server(), e.sessionId(),
                e.user(), e.action().label(), e.rule(), e.outcome().label() + (e.error() == null ? "" : ": " + e.error())));
        failed.print(Format.TABLE, out, List.of("TIME", "SERVER", "ID", "USER", "ACTION", "RULE", "OUTCOME"));
    }

    private static void tallies(PrintWriter out, String title, String keyHeader, List<Report.Tally> tallies) {
        out.println();
        out.println(title);
        Rows rows = new Rows(List.of("key", "actions", "warnings", "disconnects", "logoffs", "failed"));
        tallies.forEach(t -> rows.add(t.key(), t.total(), t.warnings(), t.disconnects(), t.logoffs(), t.failed()));
        rows.print(Format.TABLE, out, List.of(keyHeader, "ACTIONS", "WARNINGS", "DISCONNECTS", "LOGOFFS", "FAILED"));
    }

    /** The report as one flat table, for spreadsheets (CSV) and scripts (JSON lines). */
    static Rows rows(Report r) {
        Rows rows = new Rows(COLUMNS);
        tallyRows(rows, "day", r.perDay());
        tallyRows(rows, "server", r.perServer());
        tallyRows(rows, "rule", r.perRule());
        tallyRows(rows, "user", r.topUsers());
        for (Report.Comeback c : r.comebacks()) {
            rows.add("comeback", c.user(), null, null, null, null, null, iso(c.at(), r.zone()), c.server(),
                    c.sessionId(), c.user(), c.action().label(), c.rule(), null,
                    "connected again at " + iso(c.back(), r.zone()) + ", after " + Durations.format(c.after()));
        }
        for (HistoryEntry e : r.failures()) {
            rows.add("failure", e.user(), null, null, null, null, null, iso(e.at(), r.zone()), e.server(),
                    e.sessionId(), e.user(), e.action().label(), e.rule(), e.outcome().label(), e.error());
        }
        return rows;
    }

    private static void tallyRows(Rows rows, String section, List<Report.Tally> tallies) {
        for (Report.Tally t : tallies) {
            rows.add(section, t.key(), t.total(), t.warnings(), t.disconnects(), t.logoffs(), t.failed(), null, null,
                    null, null, null, null, null, null);
        }
    }

    /** ISO-8601 with the zone's offset, always with seconds: 2026-11-23T09:02:00+01:00. */
    static String iso(Instant i, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }
}
