package dev.curfew.cli;

import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The filters and output of {@code curfew history}, shared by the command and the daemon's {@code
 * GET /api/history}, so that both give the same rows in the same form. A bad value throws
 * IllegalArgumentException naming its option or parameter, as {@code prefix} says ({@code --} or none).
 */
public final class HistoryOutput {
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HistoryOutput() {
    }

    /** The filter of the options' texts (null: not given); {@code limit} 0 is all. */
    public static HistoryFilter filter(String prefix, String since, String until, String server, String user,
            String action, String rule, String outcome, int limit, Clock clock, ZoneId zone) {
        try {
            return new HistoryFilter(Times.parse(prefix + "since", since, clock, zone),
                    Times.parse(prefix + "until", until, clock, zone), server, user,
                    action == null ? null : parse(prefix + "action", () -> ActionType.parse(action)), rule,
                    outcome == null ? null : parse(prefix + "outcome", () -> Outcome.parse(outcome)), Math.max(0, limit));
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A time as the commands' {@code --since} and {@code --until} take it; null for null. */
    public static Instant time(String name, String text, Clock clock, ZoneId zone) {
        try {
            return Times.parse(name, text, clock, zone);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code table}, {@code json} or {@code csv}, any case. */
    public static boolean knownFormat(String format) {
        return List.of("table", "json", "csv").contains(format.toLowerCase(Locale.ROOT));
    }

    /** Prints {@code entries} as {@code curfew history --format format} does. */
    public static void print(List<HistoryEntry> entries, String format, ZoneId zone, PrintWriter out) {
        Format f = Format.valueOf(format.toUpperCase(Locale.ROOT));
        Rows rows = new Rows(List.of("at", "server", "sessionId", "user", "domain", "client", "station", "action",
                "rule", "reason", "source", "whatIf", "idleSeconds", "outcome", "error", "finishedAt", "node", "profile"));
        for (HistoryEntry e : entries) {
            rows.add(time(e.at(), zone, f), e.server(), e.sessionId(), e.user(), e.domain(), e.client(), e.station(),
                    e.action().label(), e.rule(), e.reason(), e.source().label(), e.whatIf(), e.idleSeconds(),
                    e.outcome().label(), e.error(), e.finishedAt() == null ? null : time(e.finishedAt(), zone, f),
                    e.node(), e.profile());
        }
        if (f == Format.TABLE) {
            Rows table = new Rows(List.of("at", "server", "id", "user", "action", "rule", "reason", "outcome"));
            rows.forEachRow(r -> table.add(r.get("at"), r.get("server"), r.get("sessionId"), r.get("user"),
                    r.get("action") + (Boolean.TRUE.equals(r.get("whatIf")) ? " (what-if)" : ""), r.get("rule"),
                    r.get("reason"), r.get("outcome") + (r.get("error") == null ? "" : ": " + r.get("error"))));
            table.print(Format.TABLE, out, List.of("TIME", "SERVER", "ID", "USER", "ACTION", "RULE", "REASON", "OUTCOME"));
        } else {
            rows.print(f, out, null);
        }
        out.flush();
    }

    private static String time(Instant at, ZoneId zone, Format f) {
        return f == Format.TABLE ? TABLE_TIME.format(at.atZone(zone)) : ReportCommand.iso(at, zone);
    }

    private static <T> T parse(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
